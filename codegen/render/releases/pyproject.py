"""The package's version as pyproject.toml declares it, and the line that declares it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from codegen.errors import SourceError, shown
from codegen.render.releases import pep440

PYPROJECT = "pyproject.toml"


@dataclass(frozen=True, kw_only=True)
class Declared:
    """The version pyproject.toml declares, and where, for messages."""

    text: str  # as written
    version: pep440.Version
    path: str  # pyproject.toml, as messages name it
    line: int

    def error(self, message: str) -> SourceError:
        """A mistake of this version: `pyproject.toml:LINE: message`."""
        return SourceError(self.path, self.line, message)


def declared(root: Path) -> Declared | None:
    """The version pyproject.toml declares; None when the tree has none.

    A version PEP 440 does not allow, or a file TOML cannot read, stops the
    run with one line naming pyproject.toml and the line."""
    path = root / PYPROJECT
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(
            shown(path), 1, f"cannot read the package's version: {error}"
        ) from None
    try:
        project = tomllib.loads(raw).get("project", {})
    except tomllib.TOMLDecodeError as error:
        raise SourceError(
            shown(path), 1, f"cannot read the package's version: {error}"
        ) from None
    line = version_line(raw)
    value = project.get("version") if isinstance(project, dict) else None
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(
            shown(path), line, f"the version must be a string, not {value!r}"
        )
    try:
        version = pep440.parse(value)
    except ValueError as error:
        raise SourceError(
            shown(path), line, f"the package's version: {error}"
        ) from None
    return Declared(text=value, version=version, path=shown(path), line=line)


def version_line(text: str) -> int:
    """The line of `version` in the [project] table (1 when none shows it)."""
    table = None
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\s*([^\]\s]+)\s*\]", line)
        if header is not None:
            table = header.group(1)
        elif table == "project" and re.match(r"\s*version\s*=", line):
            return number
    return 1
