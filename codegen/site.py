"""Stage 3b: render the reference site's sources (docs/, mkdocs.yml) and build it.

Layout: a home page, one page per table of integer codes (http-status/), and
for tables of named codes one page per family (message-code/auth/) plus an
overview (message-code/). A code's entry is a raw HTML block whose heading
carries the code's anchor, so `docs_url` of the package lands on it; every
text from the documentation goes through `escaping.markdown_text`.
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from codegen import children, escaping, model, naming, render
from codegen.errors import BuildError

ROLE_LABELS = {
    "http_status": "HTTP status",
    "return_code": "Return codes",
    "message_code": "Message codes",
}
_SAFE_TITLE = re.compile(r"[A-Za-z0-9_. -]+")
_SAFE_CODE = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class Entry:
    code: model.Code
    kind: model.Kind


@dataclass(frozen=True)
class Page:
    url: str  # as in docs_url: "message-code/auth/"
    path: str  # "docs/message-code/auth.md"
    nav_title: str  # safe in YAML and in the theme's unescaped HTML
    title: str  # documentation text, escaped by the template
    table: model.Table
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Section:
    """One table in the nav: a single page, or an overview plus family pages."""

    table: model.Table
    nav_title: str
    overview: str | None  # "docs/message-code/index.md" for tables split by family
    pages: tuple[Page, ...]


def doc_path(url: str) -> str:
    """'message-code/auth/' -> 'docs/message-code/auth.md'; 'http-status/' -> 'docs/http-status.md'."""
    return f"docs/{url.strip('/')}.md"


def safe_title(text: str, fallback: str) -> str:
    """A nav title: `text` when plainly safe for YAML and unescaped HTML, else `fallback`."""
    return text if _SAFE_TITLE.fullmatch(text) else fallback


def sections(catalog: model.Catalog) -> list[Section]:
    found = []
    labels = [ROLE_LABELS.get(table.role, table.enum) for table in catalog.tables]
    for table, label in zip(catalog.tables, labels, strict=True):
        if labels.count(label) > 1:
            label = f"{label} ({safe_title(table.key, table.enum)})"
        grouped: dict[str, list[model.Code]] = {}
        for code in table.codes:
            grouped.setdefault(table.page(code), []).append(code)
        pages = []
        for url, codes in grouped.items():
            families = list(dict.fromkeys(code.family or "general" for code in codes))
            title = ", ".join(families) if table.by_family else label
            slug = url.strip("/").rsplit("/", 1)[-1]
            nav = safe_title(title, slug) if table.by_family else label
            entries = tuple(Entry(code, catalog.kind(code.kind)) for code in codes)
            pages.append(Page(url, doc_path(url), nav, title, table, entries))
        overview = None
        if table.by_family:
            overview = f"docs/{naming.page(table.enum, None, False).strip('/')}/index.md"
        found.append(Section(table, label, overview, tuple(pages)))
    return found


def render_site(catalog: model.Catalog) -> dict[str, str]:
    found = sections(catalog)
    context = {
        "catalog": catalog,
        "sections": found,
        "site_name": re.sub(r"[<>&\"'\\]", "", catalog.title) or "XT API response codes",
        "example": _example(catalog),
    }
    files = {
        "mkdocs.yml": render.render("site/mkdocs.yml.jinja", **context),
        "docs/index.md": render.render("site/index.md.jinja", **context),
        "docs/catalog.json": escaping.json_text(catalog_data(catalog)),
        "docs/assets/xt.css": render.render("site/xt.css.jinja"),
    }
    for section in found:
        if section.overview is not None:
            prefix = section.overview[len("docs/") : -len("index.md")]
            files[section.overview] = render.render(
                "site/overview.md.jinja",
                section=section,
                links={page.url: page.url[len(prefix) :] for page in section.pages},
            )
        for page in section.pages:
            files[page.path] = render.render("site/codes.md.jinja", page=page)
    return files


def catalog_data(catalog: model.Catalog) -> dict[str, object]:
    """The downloadable catalog.json: every field of every code, with its docs_url."""
    return {
        "title": catalog.title,
        "site_url": catalog.site_url,
        "kinds": [dataclasses.asdict(kind) for kind in catalog.kinds],
        "tables": [
            {
                "key": table.key,
                "title": table.title,
                "enum": table.enum,
                "role": table.role,
                "integer": table.integer,
                "codes": [
                    {
                        **dataclasses.asdict(code),
                        "docs_url": f"{catalog.site_url}{table.page(code)}#{code.anchor}",
                    }
                    for code in table.codes
                ],
            }
            for table in catalog.tables
        ],
    }


@dataclass(frozen=True)
class Example:
    code: str  # a message code, safe in a Python literal and a code fence
    family_class: str  # the class to catch by family
    kind_class: str  # the class to catch by meaning


def _example(catalog: model.Catalog) -> Example:
    """The home page's usage example, named after codes this catalog really has."""
    codes = [
        code
        for table in catalog.tables
        if table.role == "message_code"
        for code in table.codes
        if code.family_class and code.exception and _SAFE_CODE.fullmatch(code.text)
    ]
    preferred = [code for code in codes if code.text == "AUTH_105"] + codes
    exceptions = [kind.exception for kind in catalog.kinds if kind.exception]
    kind_class = next(
        (name for name in ["InsufficientFundsError", *exceptions] if name in exceptions),
        "XTError",
    )
    if preferred and naming.is_identifier(preferred[0].family_class or ""):
        code = preferred[0]
        return Example(code.text, code.family_class or "XTError", kind_class)
    return Example("AUTH_105", "XTError", kind_class)


@dataclass(frozen=True)
class SiteBuild:
    """One mkdocs build: its config and the folder it makes, both relative to the tree."""

    config: str
    target: str


BUILDS = (SiteBuild("mkdocs.yml", "site"),)


def build(tree: Path, into: Path, builds: tuple[SiteBuild, ...] = BUILDS) -> list[str]:
    """`mkdocs build --strict` of each config in `tree`, into `into/TARGET`; the targets built.

    The tree is the run's staged tree and `into` its staging folder: the real
    site is only swapped in by the run's switch (codegen.output), so a failed
    build leaves it as it was. Raises BuildError with one line.

    Not `-q`: mkdocs 1.6 stops counting warnings under -q, so strict mode would
    pass broken links; the output is captured instead, and only its first
    warning or error is reported.
    """
    for one in builds:
        command = [
            sys.executable, "-m", "mkdocs", "build", "--strict",
            "-f", str(tree / one.config), "-d", str(into / one.target),
        ]
        environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        try:
            result = children.run(command, capture_output=True, text=True, env=environment)
        except OSError as error:
            raise BuildError(f"mkdocs build failed: {error}") from None
        if result.returncode != 0:
            lines = [line.strip() for line in (result.stderr + result.stdout).splitlines()]
            reasons = [line for line in lines if line]
            reason = next((line for line in reasons if "WARNING" in line or "Error" in line), None)
            raise BuildError(
                f"mkdocs build failed ({one.config}): "
                f"{reason or (reasons[-1] if reasons else 'no output')}"
            )
    return [one.target for one in builds]
