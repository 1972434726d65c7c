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
