"""The one error type for mistakes in the input: documents and the spec."""

from __future__ import annotations


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


class BuildError(Exception):
    """A tool run by the generator (mkdocs) failed; one line, exit status 1."""
