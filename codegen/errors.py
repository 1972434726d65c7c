"""The error types of a run: mistakes in the input (documents and the spec), a
machine that refused, a tool that failed."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path


def shown(path: Path) -> str:
    """A path as messages name it: as the user gave it, or relative to the
    working folder when inside it."""
    if not path.is_absolute():
        return str(path)
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


class SourceError(Exception):
    """A mistake in an input file, located by file and line (1-based).

    The command line prints it as a single line, ``FILE:LINE: message``, and
    exits with status 2 without writing anything.
    """

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(path, line, message)
        self.path = path
        self.line = line
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class SourceErrors(SourceError):
    """Several mistakes found by one stage, each a SourceError: printed one per
    line, so that a maintainer fixes them all before running again."""

    def __init__(self, errors: list[SourceError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.line, first.message)
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class Stops:
    """The mistakes a stage finds in its independent units (a page, a code, a
    table): each unit stops at its first, the others are still checked."""

    def __init__(self) -> None:
        self.errors: list[SourceError] = []
        self.failed: set[str] = set()  # the units left at a mistake, by name

    @contextlib.contextmanager
    def unit(self, name: str) -> Iterator[None]:
        """Check the unit `name`: a mistake in it is recorded and the unit left."""
        try:
            yield
        except SourceErrors as found:
            self.errors.extend(found.errors)
            self.failed.add(name)
        except SourceError as found:
            self.errors.append(found)
            self.failed.add(name)

    def raise_any(self) -> None:
        """End the stage: raise what it found, all at once."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise SourceErrors(self.errors)


class WriteError(Exception):
    """The machine refused what a run needed: a read-only tree, a full disk, a
    name the file system will not take, another run holding the tree.

    Printed as one line naming the file, exit status 1. Raised before the
    recorded switch it leaves the tree untouched; after it, the next run
    finishes the switch.
    """

    def __init__(self, path: str, action: str, reason: str) -> None:
        super().__init__(path, action, reason)
        self.path = path
        self.action = action
        self.reason = reason

    def __str__(self) -> str:
        return f"{self.path}: cannot {self.action}: {self.reason}"


class FetchError(Exception):
    """Fetching from an upstream failed (`codegen.fetch.errors` has one class per
    cause); `str()` is the one line to print, exit status 1."""


class BuildError(Exception):
    """A tool run by the generator (mkdocs) failed; one line, exit status 1."""
