"""Stage 8: build the rendered site sources with mkdocs, one build per language.

Runs on the run's staged tree (see codegen/run/output.py), so a failed build
leaves the real site as it was.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from codegen.errors import BuildError
from codegen.render import package
from codegen.render.labels import LANGUAGES
from codegen.render.site import REDIRECT
from codegen.run import subprocesses


@dataclass(frozen=True)
class SiteBuild:
    """One mkdocs build: its config and the folder it makes, both relative to the tree."""

    config: str
    target: str


# Each language into its folder of site/, which is swapped in whole, with the
# page at its root that sends a visitor to one of them.
BUILDS = tuple(
    SiteBuild(language.config, f"site/{language.code}") for language in LANGUAGES
)


# The API reference (reference.md) is rendered by mkdocstrings from the package's
# hand-written modules, the copies of codegen/runtime/, which hold every docstring
# it shows: the build gathers them in a folder of their own and names it to the
# configs in this variable (a build without it reads generated/, to the same
# effect). Read whole, the package would cost more than the rest of the build at
# 10,000 codes: mkdocstrings' reader (griffe) takes time quadratic in an enum's
# size, each member read against all its siblings (16 s for `_codes.py`).
API_SOURCE = "XT_ERRORS_API_SOURCE"


def api_source(generated: Path, into: Path) -> Path:
    """`into`, holding `xt_errors/`: each module of the package in `generated` that
    codegen/runtime/ is the source of, and a stub naming the public API (the runtime's
    `__all__`, each name from its module), as the package's own stub names it."""
    target = into / "xt_errors"
    for name in package.runtime_sources():
        if (generated / "xt_errors" / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(generated / "xt_errors" / name, target / name)
    stub = "".join(
        f"from {module} import {name} as {name}\n"
        for name, module in sorted(package.runtime_exports().items())
    )
    (target / "__init__.pyi").write_text(stub, encoding="utf-8")
    return into


def build(tree: Path, into: Path, builds: tuple[SiteBuild, ...] = BUILDS) -> list[str]:
    """`mkdocs build --strict` of each config in `tree`, into `into/TARGET`; the folders to swap in.

    The tree is the run's staged tree and `into` its staging folder: the real
    site is only swapped in by the run's switch (codegen.run.output), so a failed
    build leaves it as it was. Raises BuildError with one line.

    Not `-q`: mkdocs 1.6 stops counting warnings under -q, so strict mode would
    pass broken links; the output is captured instead, and only its first
    warning or error is reported.
    """
    source = api_source(tree / "generated", into / "api-source")
    environment = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        API_SOURCE: str(source.resolve()),
    }
    for one in builds:
        command = [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(tree / one.config),
            "-d",
            str(into / one.target),
        ]
        try:
            result = subprocesses.run(
                command, capture_output=True, text=True, env=environment
            )
        except OSError as error:
            raise BuildError(f"mkdocs build failed: {error}") from None
        if result.returncode != 0:
            lines = [
                line.strip() for line in (result.stderr + result.stdout).splitlines()
            ]
            reasons = [line for line in lines if line]
            reason = next(
                (line for line in reasons if "WARNING" in line or "Error" in line), None
            )
            raise BuildError(
                f"mkdocs build failed ({one.config}): "
                f"{reason or (reasons[-1] if reasons else 'no output')}"
            )
        _tag_codes(into / one.target / "search" / "search_index.json")
    sites = sorted({one.target.split("/")[0] for one in builds})
    if (tree / REDIRECT).is_file() and "site" in sites:
        shutil.copyfile(tree / REDIRECT, into / "site" / "index.html")
    return sites


# The class an entry's "Catch" field names, as the site renders it.
_CLASS = re.compile(r"<code>xt_errors\.([A-Za-z_][A-Za-z0-9_]*)</code>")

# How much a code's entry weighs in the search, beside how well it matches: a
# tie-breaker, never more. A code several of XT's pages list is one traders meet
# more often; a code only seen in responses comes after a documented one that
# matches alike. Kept small: a larger weight would let a code that merely shares
# words with the one typed outrank it (measured on every code and class name of
# the catalog typed into the theme's search worker).
MULTI_PAGE_WEIGHT = 1.2
OBSERVED_WEIGHT = 0.8

# Every other section of the site (the guide, the API reference, the home page, a
# table's overview, the endpoints, changes and errata pages) weighs far less than
# any code's entry: a reader who types an error's words wants its entry, and a
# page of prose holds more of any word than an entry does. The theme's Chinese
# search makes it matter most: it cuts 余额不足 into 余额 and 不 (it never looks
# the last character up with the one before it) and matches 不 as a prefix, so a
# page full of 不存在 and 不正确 outranked every entry of 余额不足. A match in a
# page's title still brings it first (titles weigh a thousand times the text):
# 重试 finds the guide's page on retrying.
PAGE_WEIGHT = 0.1


def code_weight(code: dict[str, object]) -> float:
    """The search boost of a code's entry, from its record in catalog.json."""
    pages = code.get("pages")
    count = len(pages) if isinstance(pages, list) else 0
    if code.get("retired"):
        return 1.0  # its last pages are history, not a sign of being met
    if count == 0:
        return OBSERVED_WEIGHT
    return MULTI_PAGE_WEIGHT if count > 1 else 1.0


def _weights(catalog: Path) -> dict[str, float]:
    """Each code's search boost, by its entry's location in the search index."""
    if not catalog.is_file():
        return {}
    data = json.loads(catalog.read_text(encoding="utf-8"))
    root = data.get("site_url", "")
    weights = {}
    for table in data.get("tables", []):
        for code in table.get("codes", []):
            location = str(code.get("docs_url", "")).removeprefix(root)
            weights[location] = code_weight(code)
    return weights


def _tag_codes(index: Path) -> None:
    """Tag each code's entry of the search index with the code and its class, and weigh
    every section: a code's entry by `code_weight`, any other by PAGE_WEIGHT.

    The theme's search ranks a match in an entry's tags far above one in its
    text: so typing a code or a class name (`StaleRequestError`) brings its
    entry first, ahead of every entry whose text merely mentions the words,
    and the results show both as tags. Among entries that match alike (every
    code whose class holds "Insufficient"), each entry's boost (`code_weight`)
    puts the codes several pages document first, and codes only observed last.
    """
    if not index.is_file():  # a config without the search plugin
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    weights = _weights(index.parent.parent / "catalog.json")
    for doc in data["docs"]:
        location = doc.get("location", "")
        found = _CLASS.findall(doc.get("text", ""))
        # a code's entry, not a guide page that names classes
        if location in weights and found:
            doc["tags"] = [doc["title"], found[-1]]
        weight = weights.get(location, PAGE_WEIGHT)
        if weight != 1:
            doc["boost"] = weight
    index.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
