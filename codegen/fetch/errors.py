"""Why a fetch from an upstream repository failed: one class per cause, one base.

Every message is one line that names what to check, so the command line can
print it as it is and exit non-zero; no traceback is ever needed to
understand one. Each cause has its own class because each asks the
maintainer for something different: install git, check the URL or the
network, pick another ref, or just run again.
"""

from __future__ import annotations

from codegen.errors import FetchError

__all__ = [
    "CacheError",
    "FetchError",
    "GitCommandError",
    "GitMissingError",
    "UnknownRefError",
    "UpstreamUnreachableError",
]


class GitMissingError(FetchError):
    """The `git` command cannot be run: it is not installed, not on PATH, or
    older than the fetch needs."""


class UpstreamUnreachableError(FetchError):
    """The URL or path given names no repository git can read, or the network
    is down, or the upstream did not answer before the timeout."""


class UnknownRefError(FetchError):
    """The ref asked for is not a branch, tag or commit of the upstream; the
    message lists (some of) the branches and tags that exist."""


class CacheError(FetchError):
    """The cache of an upstream cannot be used: it is damaged beyond what a
    fetch repairs by itself, or the machine refused to write it (a full disk,
    a read-only folder)."""


class GitCommandError(FetchError):
    """A git command failed for a reason none of the other classes names.

    `reason` is git's own explanation, one line; `timed_out` says the command
    was stopped by its timeout rather than failing by itself.
    """

    def __init__(self, command: str, reason: str, *, timed_out: bool = False) -> None:
        super().__init__(command, reason)
        self.command = command
        self.reason = reason
        self.timed_out = timed_out

    def __str__(self) -> str:
        return f"git {self.command} failed: {self.reason}"
