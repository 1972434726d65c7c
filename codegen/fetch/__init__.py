"""Fetch: an upstream's files and history, read through the `git` command.

The layer under `python -m codegen fetch`, with no knowledge of what the
files are: it keeps a cache of an upstream repository under
`.codegen-cache/upstream/` (`cache.UpstreamCache`: brought up to date from a
URL, a local repository or a bundle, never seen half-made) and reads it
(`repository.Repository`: refs, a commit's facts and provenance, the files of
a commit, the first-parent history of a branch with its changed files).
Every failure is one `errors.FetchError`, printed as one line.
"""

from codegen.fetch.cache import UpstreamCache
from codegen.fetch.errors import (
    CacheError,
    FetchError,
    GitCommandError,
    GitMissingError,
    UnknownRefError,
    UpstreamUnreachableError,
)
from codegen.fetch.repository import Change, Commit, Repository, Step

__all__ = [
    "CacheError",
    "Change",
    "Commit",
    "FetchError",
    "GitCommandError",
    "GitMissingError",
    "Repository",
    "Step",
    "UnknownRefError",
    "UpstreamCache",
    "UpstreamUnreachableError",
]
