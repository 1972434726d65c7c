"""What the last fetch found, so that a fetch with nothing new stops early.

A fetch that leaves the tree as its upstream has it (nothing new, or after
writing what was new) notes, in `.codegen-cache/fetched.json`, what it was
asked (the sources, `--from`, `--ref`), each source's upstream, followed ref
and commit, and a hash of what decided that nothing was new: the spec, the
pages of spec/source/ and the generator. The next fetch of the same request
brings the caches up to date as any fetch does; when each followed commit is
the one noted and the hash still holds, the upstream has nothing new, and it
says so without loading ruamel.yaml, reading the pages or walking their
history (benchmark row 1c: those made a fetch with nothing new five times a
bare `git fetch` plus a no-op sync).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from codegen.fetch.cache import UpstreamCache
from codegen.run.output import CACHE

RECEIPT = f"{CACHE}/fetched.json"
_GENERATOR = Path(__file__).resolve().parent.parent  # codegen/
_SPEC = "spec/catalog.yaml"
_PAGES = "spec/source"


def nothing_new(
    root: Path, keys: Sequence[str], location: str | None, ref: str | None
) -> list[str] | None:
    """Each source's 'xtapis at 29b8b4c (2026-03-10)' when the upstream has
    nothing new since the receipt; None when a full fetch must decide."""
    try:
        saved = json.loads((root / RECEIPT).read_text(encoding="utf-8"))
        noted = saved["sources"]
        if saved["request"] != _request(keys, location, ref):
            return None
        if saved["tree"] != _tree_digest(root):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    for key, source in noted.items():
        repository = UpstreamCache(root, key).update(source["location"])
        if repository.resolve(source["ref"]) != source["commit"]:
            return None
    return [str(source["short"]) for source in noted.values()]


def note(
    root: Path,
    keys: Sequence[str],
    location: str | None,
    ref: str | None,
    sources: dict[str, dict[str, str]],
) -> None:
    """Write the receipt of a fetch whose tree now holds what its upstream has:
    `sources` maps each source to its location, ref, commit and short text."""
    receipt = {
        "request": _request(keys, location, ref),
        "sources": sources,
        "tree": _tree_digest(root),
    }
    path = root / RECEIPT
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    scratch.write_text(json.dumps(receipt, indent=1) + "\n", encoding="utf-8")
    os.replace(scratch, path)


def _request(
    keys: Sequence[str], location: str | None, ref: str | None
) -> dict[str, object]:
    return {"sources": list(keys), "from": location, "ref": ref}


def _tree_digest(root: Path) -> str:
    """A hash of the spec, the pages and the generator: what decides, with the
    upstream's commit, whether a fetch has anything new."""
    generator = sorted(
        path for path in _GENERATOR.rglob("*.py") if "__pycache__" not in path.parts
    )
    pages = sorted((root / _PAGES).iterdir()) if (root / _PAGES).is_dir() else []
    digest = hashlib.sha256()
    for label, path in [
        *((p.relative_to(_GENERATOR).as_posix(), p) for p in generator),
        (_SPEC, root / _SPEC),
        *((f"{_PAGES}/{p.name}", p) for p in pages),
    ]:
        digest.update(label.encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
        digest.update(b"\0")
    return digest.hexdigest()
