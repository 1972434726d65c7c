"""Stage 9, the last: put rendered files on disk, or tell which ones are stale.

Everything is rendered in memory before anything is written, so an error in
any earlier stage leaves the tree exactly as it was. Writing is crash-safe by
staging plus one recorded switch:

1. the whole new tree (spec, package, docs, mkdocs.yml, stamp) is written
   into `.codegen-cache/run/tree/`, the site is built into
   `.codegen-cache/run/sites/`, and the package is imported from there
   (`codegen.run.import_check`); nothing outside `.codegen-cache/` has changed yet;
2. `.codegen-cache/run/switch.json` is written and renamed into place: from
   that instant the run counts as done;
3. the changed files are renamed over their targets, stale ones removed, the
   site folder swapped, and the staging folder removed.

A run killed before step 2 is undone by the next one (or by `--check`): it
removes the staging folder, and the tree never changed. A run killed after
step 2 is completed: every step of 3 can be repeated, so the next run just
does the rest. Renames within one file system need no new space, so a full
disk or a read-only tree stops a run in step 1, with the tree untouched.

Only one run at a time works on a tree: each holds an exclusive lock on
`.codegen-cache/lock` for its whole length, and a second one waits.
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import json
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from codegen.errors import WriteError

CACHE = ".codegen-cache"
LOCK = f"{CACHE}/lock"
RUN = f"{CACHE}/run"  # the staging folder of the run in progress
DONE = f"{CACHE}/done"  # a finished run's staging folder, on its way out
SWITCH = "switch.json"  # in RUN, written last: the run's one recorded switch

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


def plan(
    root: Path, files: dict[str, str], owned: tuple[str, ...] = OWNED_DIRS
) -> Plan:
    """What writing `files` into `root` changes: files to write, and the files of
    the folders `owned` (whose every file the run makes) it no longer makes."""
    write = {}
    unchanged = 0
    for relative, content in files.items():
        path = root / relative
        if _read(path) == content and readable_enough(path):
            unchanged += 1
        else:
            write[relative] = content
    delete = [
        relative for relative in owned_files(root, owned) if relative not in files
    ]
    return Plan(write, tuple(delete), unchanged)


def owned_files(root: Path, owned: tuple[str, ...] = OWNED_DIRS) -> list[str]:
    """Every file now in the generator's own folders (bytecode caches aside),
    relative to `root`, in the order paths sort."""
    found = []
    for folder_name in owned:
        folder = root / folder_name
        if folder.is_dir():
            found += [
                f"{folder_name}/{relative}"
                for relative, entry in tree_entries(str(folder))
                if entry.is_file() or entry.is_symlink()
            ]
    return found


def tree_entries(
    folder: str, relative: str = ""
) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Every entry under `folder` but folders and bytecode caches, with its path
    relative to `folder`, in the order paths sort; symlinked folders are not
    entered. os.scandir, not pathlib: a no-op run lists a thousand files, and
    pathlib's objects cost it a fifth of its time (benchmark row 1a)."""
    with os.scandir(folder) as scanned:
        entries = sorted(scanned, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        path = f"{relative}{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            yield from tree_entries(entry.path, f"{path}/")
        else:
            yield path, entry


def readable_enough(path: Path) -> bool:
    """False for a file that others cannot read though the umask would let them.

    Older versions wrote 0600 files; a run rewrites them so that a package or
    site built by one user can be read by another.
    """
    try:
        return _readable_mode(path.stat().st_mode)
    except OSError:
        return False


def read_if_readable_enough(path: str) -> bytes | None:
    """The bytes of a file `readable_enough` accepts; None for any other. One
    open for both: a no-op run reads every output (benchmark row 1a)."""
    try:
        with open(path, "rb") as file:
            if not _readable_mode(os.fstat(file.fileno()).st_mode):
                return None
            return file.read()
    except OSError:
        return None


def _readable_mode(mode: int) -> bool:
    wanted = 0o666 & ~_umask()
    return stat.S_IMODE(mode) & wanted == wanted


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# -- one writer at a time -------------------------------------------------------------


@contextmanager
def lock(root: Path) -> Iterator[None]:
    """Hold the tree's lock; a second run waits here for the first to finish.

    A tree we may not write to needs no lock: no run can change it, and
    `--check` or an up-to-date run still work on it. Folders made only to hold
    the lock are removed again when the run wrote nothing (bad input must
    leave no trace, not even in a tree that did not exist).
    """
    path = root / LOCK
    try:
        handle = None
        while handle is None:  # again when the run we waited for removed the lock
            made = [
                folder
                for folder in [path.parent, *path.parent.parents]
                if not folder.exists()
            ]
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = _locked(path)
    except OSError as error:
        if (
            error.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
            and not (root / RUN).exists()
        ):
            yield
            return
        raise WriteError(_shown(root, LOCK), "lock the tree", _reason(error)) from None
    try:
        yield
    finally:
        if made and [p.name for p in path.parent.iterdir()] == [path.name]:
            path.unlink()  # while still holding it: see _locked
            for folder in made:
                try:
                    folder.rmdir()
                except OSError:
                    break
        os.close(handle)  # closing releases the lock


def _locked(path: Path) -> int | None:
    """An exclusive lock on `path`, waiting for its holder if need be.

    A holder may remove the lock file, and the folders made for it, before it
    lets go: a waiter that then gets the lock on the removed file gets None,
    and tries again from making the folders.
    """
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except FileNotFoundError:  # its folder went just now, with the run we waited for
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(
            "waiting for another run of the generator on this tree to finish",
            file=sys.stderr,
        )
        fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        current = os.stat(path)
    except FileNotFoundError:
        current = None
    mine = os.fstat(handle)
    if current is not None and (current.st_dev, current.st_ino) == (
        mine.st_dev,
        mine.st_ino,
    ):
        return handle
    os.close(handle)
    return None


# -- an interrupted run ----------------------------------------------------------------


def recover(root: Path) -> str | None:
    """Finish or undo a run that was killed; say which in one line (None if there was none)."""
    for leftover in [root / DONE, *root.glob(".site-new-*"), *root.glob(".site-old-*")]:
        # finished runs, and the site folders of older versions
        _remove_tree(root, leftover)
    run = root / RUN
    if not run.exists():
        return None
    record = _read_switch(run)
    if record is None:
        _remove_tree(root, run)
        return "undid an interrupted run: it was killed before it changed anything, the tree is as it was"
    _switch(root, run, record)
    _finish(root, run)
    return (
        f"completed an interrupted run: its {len(record.write)} changed files, "
        f"{len(record.delete)} removals and site are now in place"
    )


# -- staging and the switch -------------------------------------------------------------


@dataclass(frozen=True)
class Switch:
    """What the switch does; stored as switch.json, so it can be done again."""

    write: tuple[str, ...]  # files to move from the staged tree over the real one
    delete: tuple[str, ...]
    sites: tuple[str, ...]  # built site folders to swap in, e.g. "site"


class Staging:
    """The folder a run prepares everything in before its switch."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.folder = root / RUN
        # the complete new tree, for the site and the import check
        self.tree = self.folder / "tree"
        self.sites = self.folder / "sites"  # built sites, by target folder
        self.switched = False
        try:
            self.folder.mkdir(parents=True)
            self.tree.mkdir()
            self.sites.mkdir()
        except OSError as error:
            self.abort()
            raise WriteError(
                _shown(root, RUN), "create the staging folder", _reason(error)
            ) from None

    def write_tree(self, files: dict[str, str]) -> None:
        for relative, content in files.items():
            try:
                _write(self.tree / relative, content)
            except OSError as error:
                raise WriteError(
                    _shown(self.root, relative), "write", _reason(error)
                ) from None

    def switch(self, plan: Plan, sites: list[str]) -> None:
        """Record the switch, then make it. From the record on, the run is done."""
        record = Switch(tuple(sorted(plan.write)), plan.delete, tuple(sites))
        try:
            for relative in record.write:
                _sync(self.tree / relative)
            text = json.dumps(dataclasses.asdict(record), indent=1) + "\n"
            temporary = self.folder / f"{SWITCH}.new"
            _write(temporary, text)
            _sync(temporary)
            os.replace(temporary, self.folder / SWITCH)
            _sync(self.folder)
        except OSError as error:
            raise WriteError(
                _shown(self.root, f"{RUN}/{SWITCH}"),
                "record the switch",
                _reason(error),
            ) from None
        self.switched = True
        _switch(self.root, self.folder, record)
        _finish(self.root, self.folder)

    def abort(self) -> None:
        """Forget a run that has not switched: the tree never saw it."""
        if not self.switched:
            shutil.rmtree(self.folder, ignore_errors=True)


def _switch(root: Path, run: Path, record: Switch) -> None:
    """Move the staged files into place. Safe to repeat after a crash: done steps are skipped."""
    step = ""
    try:
        for relative in record.write:
            step = relative
            staged = run / "tree" / relative
            if staged.exists():
                (root / relative).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, root / relative)
        for relative in record.delete:
            step = relative
            (root / relative).unlink(missing_ok=True)
        for relative in record.sites:
            step = relative
            staged, target, old = (
                run / "sites" / relative,
                root / relative,
                run / "old" / relative,
            )
            if not staged.exists():
                continue  # swapped already
            if target.exists():
                if old.exists():
                    shutil.rmtree(old)
                old.parent.mkdir(parents=True, exist_ok=True)
                os.rename(target, old)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(staged, target)
    except OSError as error:
        raise WriteError(
            _shown(root, step),
            "switch to the new files (the next run finishes it)",
            _reason(error),
        ) from None


def _finish(root: Path, run: Path) -> None:
    done = root / DONE
    _remove_tree(root, done)
    try:
        # one step: a half-removed staging folder is never taken for a run
        os.rename(run, done)
    except OSError as error:
        raise WriteError(
            _shown(root, RUN), "remove the staging folder", _reason(error)
        ) from None
    _remove_tree(root, done)


def _read_switch(run: Path) -> Switch | None:
    try:
        data = json.loads((run / SWITCH).read_text(encoding="utf-8"))
        return Switch(tuple(data["write"]), tuple(data["delete"]), tuple(data["sites"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # Written by a rename, so it is whole or absent; anything else was not our doing.
        return None


def _remove_tree(root: Path, path: Path) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    except OSError as error:
        raise WriteError(
            _shown(root, path.relative_to(root).as_posix()), "remove", _reason(error)
        ) from None


# -- files -----------------------------------------------------------------------


def _read(path: Path) -> str | None:
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _write(path: Path, content: str) -> None:
    """A new file with the umask's usual mode (0644 under umask 022), folders likewise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    with os.fdopen(handle, "wb") as stream:
        stream.write(content.encode("utf-8"))


def _sync(path: Path) -> None:
    """Flush to disk, so that a power cut after the switch finds whole files."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def _shown(root: Path, relative: str) -> str:
    """A generated file as messages name it: relative to the working folder when inside it."""
    path = root / relative
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)
