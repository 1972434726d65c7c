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
from importlib import metadata
from pathlib import Path

STAMP = ".codegen-cache/stamp.json"
_GENERATOR = Path(__file__).resolve().parent
_LIBRARIES = ("jinja2", "ruamel.yaml", "mkdocs", "mkdocs-material")


def fresh(root: Path, documents: list[Path], site: bool) -> bool:
    """True when the last run's outputs are still exactly what this run would make."""
    try:
        saved = json.loads((root / STAMP).read_text(encoding="utf-8"))
        outputs, digest, built_site = saved["outputs"], saved["digest"], saved["site"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    if site and not (built_site and (root / "site" / "index.html").is_file()):
        return False
    return bool(digest == _digest(root, documents, outputs))


def save(root: Path, documents: list[Path], outputs: list[str], site: bool) -> None:
    path = root / STAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"digest": _digest(root, documents, sorted(outputs)), "outputs": sorted(outputs)}
    data["site"] = site
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def _digest(root: Path, documents: list[Path], outputs: list[str]) -> str:
    generator = sorted(
        path for path in _GENERATOR.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )
    digest = hashlib.sha256()
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}=={metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} absent\n".encode())
    for label, path in [
        *((p.relative_to(_GENERATOR).as_posix(), p) for p in generator),
        *((str(p), p) for p in documents),
        *((name, root / name) for name in outputs),
    ]:
        digest.update(label.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
        digest.update(b"\0")
    return digest.hexdigest()
