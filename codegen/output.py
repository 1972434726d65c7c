"""The last stage: put rendered files on disk, or tell which ones are stale.

Everything is rendered in memory before anything is written, so an error
in any earlier stage leaves the tree exactly as it was. Unchanged files are
not rewritten, and each changed file is replaced atomically.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Folders whose every file comes from the generator: files in them that a
# run no longer produces are removed.
OWNED_DIRS = ("generated/xt_errors", "docs")


@dataclass(frozen=True)
class Plan:
    write: dict[str, str]  # relative path -> new content
    delete: tuple[str, ...]
    unchanged: int

    @property
    def stale(self) -> list[str]:
        return sorted([*self.write, *self.delete])


def plan(root: Path, files: dict[str, str]) -> Plan:
    write = {}
    unchanged = 0
    for relative, content in files.items():
        if _read(root / relative) == content:
            unchanged += 1
        else:
            write[relative] = content
    delete = []
    for owned in OWNED_DIRS:
        folder = root / owned
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(root).as_posix()
            if path.is_file() and relative not in files and "__pycache__" not in path.parts:
                delete.append(relative)
    return Plan(write, tuple(delete), unchanged)


def apply(root: Path, plan: Plan) -> None:
    for relative, content in plan.write.items():
        _replace(root / relative, content)
    for relative in plan.delete:
        (root / relative).unlink()


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _replace(path: Path, content: str) -> None:
    """Write next to the target, then rename over it: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
