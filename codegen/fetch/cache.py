"""The cache of an upstream: a bare repository per source, outside the committed tree.

`.codegen-cache/upstream/<key>.git` holds every branch and tag of the
upstream as the upstream has them (`refs/heads/*`, `refs/tags/*`), updated by
`git fetch` with forced updates and pruning: an upstream whose history was
rewritten, or another repository altogether, replaces what the cache held.

A cache is never seen half-made. A new one is built in a scratch folder next
to it and renamed into place once its fetch succeeded, so a run killed
mid-clone leaves only a scratch folder, which the next update removes. One
update at a time works on a cache (a lock file beside it, held with `flock`);
a second one waits. An update that fails asks the upstream whether it
answers (`git ls-remote`): if it does not, the upstream is at fault and the
cache stays as it was; if it does, the cache is at fault (a damaged
repository, a lock file left by a killed git) and is rebuilt from scratch;
the old cache is replaced only once the new one is whole.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from codegen.errors import shown
from codegen.fetch import git
from codegen.fetch.errors import (
    CacheError,
    FetchError,
    GitCommandError,
    UpstreamUnreachableError,
)
from codegen.fetch.repository import Repository
from codegen.run.output import CACHE

UPSTREAM = f"{CACHE}/upstream"

# Every branch and tag, replacing what the cache had: the cache mirrors the upstream.
_REFSPECS = ("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*")
# A fetch may start `git gc`; detached, it would outlive our lock on the cache.
_FETCH_CONFIG = ("gc.autoDetach=false", "maintenance.autoDetach=false")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# `host:path` with no slash before the colon is an ssh address, as git reads it.
_SCP_LIKE = re.compile(r"[^/:]+:")
# What git says when the machine, not the upstream, stopped a fetch.
_LOCAL_FAILURES = (
    "No space left on device",
    "Disk quota exceeded",
    "Read-only file system",
)


class UpstreamCache:
    """The cache of one source's upstream, in the tree `root`."""

    def __init__(self, root: Path, key: str) -> None:
        if not _KEY.fullmatch(key):
            raise ValueError(
                f"a cache key is letters, digits, '.', '_' and '-': {key!r}"
            )
        self.key = key
        self.folder = root / UPSTREAM
        self.path = self.folder / f"{key}.git"
        self._lock_file = self.folder / f"{key}.lock"

    def update(
        self, source: str, *, timeout: float = git.NETWORK_TIMEOUT
    ) -> Repository:
        """Bring the cache up to date with every branch and tag of `source`
        (a git URL, a local repository or a bundle file), creating it on
        first use, and return it for reading.

        Raises UpstreamUnreachableError (the cache untouched), CacheError when
        the cache cannot be written even afresh, GitMissingError.
        """
        location = _location(source)
        with self._locked() as lock:
            self._remove_scratch_folders()
            if (self.path / "HEAD").is_file():
                _remove_stale_locks(self.path)
                try:
                    _fetch(self.path, location, timeout, lock)
                    return self._repository(source)
                except GitCommandError as failure:
                    _raise_if_unreachable(source, location, failure, timeout)
            self._rebuild(source, location, timeout, lock)
        return self._repository(source)

    def repository(self) -> Repository:
        """The cache as the last update left it, for reading without a fetch."""
        if not (self.path / "HEAD").is_file():
            raise CacheError(
                f"no cache of {self.key} at {shown(self.path)}: fetch first"
            )
        return self._repository(self.key)

    def discard(self) -> None:
        """Remove the cache (it is damaged): the next update makes it afresh."""
        with self._locked():
            if not self.path.exists():
                return
            try:  # renamed first: a half-removed cache is never taken for one
                aside = Path(
                    tempfile.mkdtemp(prefix=f"{self.key}.old-", dir=self.folder)
                )
                os.rename(self.path, aside / "cache.git")
            except OSError as error:
                raise _cannot_write(self.path, error) from None
            shutil.rmtree(aside, ignore_errors=True)

    def _repository(self, name: str) -> Repository:
        return Repository(self.path, name=name, on_damage=self.discard)

    def _rebuild(self, source: str, location: str, timeout: float, lock: int) -> None:
        """A new cache fetched in a scratch folder, then renamed over the old one."""
        try:
            scratch = Path(tempfile.mkdtemp(prefix=f"{self.key}.new-", dir=self.folder))
        except OSError as error:
            raise _cannot_write(self.folder, error) from None
        try:
            new = scratch / "cache.git"
            try:
                git.run(["init", "--bare", "--quiet", str(new)])
                _fetch(new, location, timeout, lock)
            except GitCommandError as failure:
                raise _failed_afresh(source, self.folder, failure) from None
            try:
                if self.path.exists():
                    os.rename(self.path, scratch / "old.git")
                os.rename(new, self.path)
            except OSError as error:
                raise _cannot_write(self.path, error) from None
        finally:
            shutil.rmtree(scratch, ignore_errors=True)

    def _remove_scratch_folders(self) -> None:
        """What an update or a discard killed midway left beside the cache."""
        for pattern in (f"{self.key}.new-*", f"{self.key}.old-*"):
            for leftover in self.folder.glob(pattern):
                shutil.rmtree(leftover, ignore_errors=True)

    @contextmanager
    def _locked(self) -> Iterator[int]:
        """Hold the cache's lock, waiting for another update to finish; give
        its file descriptor, for the git commands that must hold it too.

        The lock file stays: removing it would let a waiter lock a file that
        a third process no longer sees.
        """
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle = os.open(
                self._lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666
            )
        except OSError as error:
            raise _cannot_write(self._lock_file, error) from None
        try:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                print(
                    f"waiting for another fetch into {shown(self.path)} to finish",
                    file=sys.stderr,
                )
                fcntl.flock(handle, fcntl.LOCK_EX)
            yield handle
        finally:
            os.close(handle)  # closing releases the lock


def _fetch(git_dir: Path, location: str, timeout: float, lock: int) -> None:
    """Fetch into `git_dir`; git holds the cache's lock with us, so that a
    fetch that outlives a killed run still keeps the next one waiting."""
    git.run(
        ["fetch", "--prune", "--force", "--quiet", "--", location, *_REFSPECS],
        git_dir=git_dir,
        timeout=timeout,
        config=_FETCH_CONFIG,
        holding=lock,
    )


def _raise_if_unreachable(
    source: str, location: str, failure: GitCommandError, timeout: float
) -> None:
    """Raise UpstreamUnreachableError unless the upstream answers: then the
    failed fetch was the cache's fault."""
    if not failure.timed_out:
        try:
            git.run(["ls-remote", "--heads", "--", location], timeout=timeout)
            return
        except GitCommandError as check:
            failure = check
    raise UpstreamUnreachableError(f"cannot fetch from {source}: {failure.reason}")


def _failed_afresh(source: str, folder: Path, failure: GitCommandError) -> FetchError:
    """Why a fetch into a new, empty repository failed: the machine when it
    says so (our folders were made, so only a full disk is left), else the
    upstream (its data cut short or refused midway)."""
    if any(local in failure.reason for local in _LOCAL_FAILURES):
        return CacheError(f"{shown(folder)}: cannot write the cache: {failure.reason}")
    return UpstreamUnreachableError(f"cannot fetch from {source}: {failure.reason}")


def _remove_stale_locks(git_dir: Path) -> None:
    """Lock files a killed git left in the cache: they would fail every fetch.

    We hold the cache's own lock, so no git of ours is working in it now. One
    we may not remove fails the fetch, and the cache is made afresh.
    """
    for stale in [*git_dir.glob("*.lock"), *(git_dir / "refs").rglob("*.lock")]:
        try:
            stale.unlink(missing_ok=True)
        except OSError:
            pass


def _location(source: str) -> str:
    """The upstream as git is to read it: an existing file or folder by its
    absolute path (so that git cannot take `a:b` for an ssh address), any
    other source as a URL."""
    if not source.strip():
        raise UpstreamUnreachableError(
            "cannot fetch: no upstream given (a git URL, a repository or a bundle)"
        )
    path = Path(source).expanduser()
    if path.exists():
        return str(path.resolve())
    if "://" in source or _SCP_LIKE.match(source):
        return source
    raise UpstreamUnreachableError(
        f"cannot fetch from {source}: no such file or folder"
    )


def _cannot_write(path: Path, error: OSError) -> CacheError:
    return CacheError(
        f"{shown(path)}: cannot write the cache: {error.strerror or error}"
    )
