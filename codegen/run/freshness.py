"""Remember what the last run produced, so a run with nothing new does nothing.

Like `make`, but by content: the stamp holds one hash over the generator
itself (code, templates, library versions), the source documents and every
file the run wrote. If all of them still hash the same, rendering again
would give the same bytes, and the run can stop before loading ruamel.yaml
or Jinja2 at all. `--check` never trusts the stamp; `--force` ignores it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from codegen.run import output

STAMP = ".codegen-cache/stamp.json"
_GENERATOR = Path(__file__).resolve().parent.parent  # codegen/
# The README's sections are the site's guide (codegen/render/guide_pages.py).
_README = _GENERATOR.parent / "README.md"
_LIBRARIES = (
    "jinja2",
    "ruamel.yaml",
    "mkdocs",
    "mkdocs-material",
    "mkdocstrings",
    "mkdocstrings-python",
)


def _library_versions() -> dict[str, str]:
    """The installed version of each library the output depends on, read off the
    names of the installed distributions' metadata folders (`jinja2-3.1.6.dist-info`):
    importlib.metadata would cost a no-op run a third of its time (benchmark row 1a)."""
    wanted = {
        name.replace("-", "_").replace(".", "_").lower(): name for name in _LIBRARIES
    }
    found: dict[str, str] = {}
    for entry in sys.path:
        folder = Path(entry or ".")
        try:
            names = [
                path.name for path in folder.iterdir() if path.suffix == ".dist-info"
            ]
        except OSError:
            continue
        for name in names:
            project, _, version = name.removesuffix(".dist-info").partition("-")
            key = project.replace("-", "_").replace(".", "_").lower()
            if key in wanted and wanted[key] not in found:
                found[wanted[key]] = version
    return found


def fresh(root: Path, documents: list[Path], site: bool) -> bool:
    """True when the last run's outputs are still exactly what this run would make.

    It must agree with `--check`: a stray file in a generated folder, or a
    file others cannot read, makes the tree stale here too.
    """
    try:
        saved = json.loads((root / STAMP).read_text(encoding="utf-8"))
        outputs, digest, built_site = saved["outputs"], saved["digest"], saved["site"]
        outputs = [str(name) for name in outputs]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if site and not (built_site and (root / "site" / "index.html").is_file()):
        return False
    if set(output.owned_files(root)) - set(outputs):
        return False
    contents = {}
    for name in outputs:
        content = output.read_if_readable_enough(os.path.join(root, name))
        if content is None:
            return False
        contents[name] = content
    return bool(digest == _digest(root, documents, contents))


def render(root: Path, documents: list[Path], files: dict[str, str], site: bool) -> str:
    """The stamp for a run that writes `files` into `root`, made before they are written."""
    outputs = sorted(files)
    digest = _digest(
        root, documents, {name: files[name].encode("utf-8") for name in outputs}
    )
    return (
        json.dumps({"digest": digest, "outputs": outputs, "site": site}, indent=1)
        + "\n"
    )


def _label(root: Path, path: Path) -> str:
    """How the stamp names an input: within the tree by its relative path, so that two trees
    made from the same pages have the same stamp. By its text: pathlib's relative_to
    cost a no-op run a twentieth of its time (benchmark row 1a)."""
    text, inside = str(path), str(root).rstrip(os.sep) + os.sep
    if text.startswith(inside):
        return text[len(inside) :].replace(os.sep, "/")
    return text


def _digest(root: Path, documents: list[Path], outputs: dict[str, bytes]) -> str:
    generator = [
        (relative, entry.path)
        for relative, entry in output.tree_entries(str(_GENERATOR))
        if entry.is_file()
    ]
    digest = hashlib.sha256()
    versions = _library_versions()
    for name in _LIBRARIES:
        version = versions.get(name)
        digest.update(
            (f"{name}=={version}\n" if version else f"{name} absent\n").encode()
        )
    for label, path in [
        *generator,
        ("README.md", str(_README)),
        *((_label(root, p), str(p)) for p in documents),
    ]:
        digest.update(label.encode("utf-8", "surrogateescape") + b"\0")
        try:
            with open(path, "rb") as file:
                digest.update(file.read())
        except OSError:
            digest.update(b"\0missing")
        digest.update(b"\0")
    for name in sorted(outputs):
        digest.update(
            name.encode("utf-8", "surrogateescape") + b"\0" + outputs[name] + b"\0"
        )
    return digest.hexdigest()


def release_inputs(root: Path) -> list[Path]:
    """The files besides the pages a run reads, which the stamp must also see
    change: pyproject.toml (the version) and the release records (where
    codegen/render/releases/ keeps them; not imported: a no-op run needs
    nothing of it)."""
    records = sorted((root / "spec" / "releases").glob("*.json"))
    return [root / "pyproject.toml", *records]
