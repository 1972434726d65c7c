"""Reading a repository: refs, a commit's facts, its files, its history.

Each question costs a fixed number of git processes, however many files or
commits it covers: the files of a commit are one `ls-tree` plus one
`cat-file --batch`, a history is one `rev-list` plus one `diff-tree --stdin`.
An upstream's documentation has thousands of files and hundreds of commits,
and a process per file would cost seconds.

History follows first parents only. A merge's first parent is the line the
branch was on; a second parent may carry an old side branch (XT's has one
whose pages are weeks older than the merge's), and following it, or listing
commits by date, would show those old pages as if they came back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from codegen.errors import shown
from codegen.fetch import git
from codegen.fetch.errors import CacheError, GitCommandError, UnknownRefError

# A field of `git rev-list --format`: fields end with NUL, records start with RS.
_COMMIT_FORMAT = (
    "%x1e%H%x00%P%x00%aI%x00%s%x00"
    "%(trailers:key=Upstream-Commit,valueonly,unfold,separator=%x1f)%x00"
)
_HEX = re.compile(r"[0-9a-fA-F]{4,64}")
_REGULAR_FILES = ("100644", "100755")  # not symlinks, not submodules
_SHOWN_REFS = 8  # an unknown ref's message names at most this many of each kind

ChangeStatus = Literal["A", "M", "D", "R"]


@dataclass(frozen=True, kw_only=True)
class Commit:
    """What a commit says about itself."""

    id: str  # its id in this repository
    # The id to record as where pages came from: the `Upstream-Commit:`
    # trailer of a copy made by rewriting history, else `id`.
    provenance: str
    parents: tuple[str, ...]
    date: str  # the author date, YYYY-MM-DD in the author's own time zone
    timestamp: str  # the author date, ISO 8601 with the author's offset
    subject: str


@dataclass(frozen=True, kw_only=True)
class FileChange:
    """One file changed by a commit against its first parent.

    `A` added, `M` modified, `D` deleted, `R` renamed (with or without edits):
    `path` is the file at the commit (for `D`, the file deleted), `old_path`
    the file at the parent (None for `A`); `blob` and `old_blob` are the
    contents' ids on each side, for `Repository.read_blobs` (None where the
    side has no file).
    """

    status: ChangeStatus
    path: str
    old_path: str | None
    blob: str | None
    old_blob: str | None


@dataclass(frozen=True, kw_only=True)
class Step:
    """A commit of a first-parent history and the files it changed."""

    commit: Commit
    changes: tuple[FileChange, ...]


class Repository:
    """A git repository read through the `git` command (a cache, or any other).

    `name` is how messages call it (the upstream it caches). `on_damage` is
    called before a CacheError is raised for a repository git cannot read:
    the cache uses it to remove itself, so the next fetch makes it afresh.
    """

    def __init__(
        self,
        git_dir: Path,
        *,
        name: str | None = None,
        on_damage: Callable[[], None] | None = None,
    ) -> None:
        self.git_dir = git_dir
        self.name = name or shown(git_dir)
        self._on_damage = on_damage

    # -- refs ----------------------------------------------------------------------

    def branches(self) -> list[str]:
        return self._ref_names("refs/heads/")

    def tags(self) -> list[str]:
        return self._ref_names("refs/tags/")

    def resolve(self, ref: str) -> str:
        """The full id of the commit `ref` names.

        A branch name means the upstream's branch, before a tag of the same
        name; a full ref (`refs/tags/v1`) and a commit id, full or
        abbreviated, work too. Raises UnknownRefError naming what exists.
        """
        if not ref or any(
            character.isspace() or ord(character) < 32 for character in ref
        ):
            raise self._unknown(ref, "is not a valid ref")
        candidates = [f"refs/heads/{ref}", f"refs/tags/{ref}"]
        if ref.startswith("refs/") or _HEX.fullmatch(ref):
            candidates.append(ref)
        request = "".join(f"{candidate}^{{commit}}\n" for candidate in candidates)
        answers = self._git("cat-file", "--batch-check", stdin=request.encode())
        ambiguous = False
        for line in answers.decode("utf-8", "replace").splitlines():
            fields = line.split(" ")
            if len(fields) == 3 and fields[1] == "commit":
                return fields[0]
            ambiguous = ambiguous or fields[-1] == "ambiguous"
        if ambiguous:
            raise self._unknown(ref, "names more than one commit: give more digits")
        raise self._unknown(ref, "is not a branch, tag or commit")

    def _unknown(self, ref: str, problem: str) -> UnknownRefError:
        known = []
        for kind, names in (("branches", self.branches()), ("tags", self.tags())):
            listed = ", ".join(names[:_SHOWN_REFS]) or "none"
            if len(names) > _SHOWN_REFS:
                listed += f" and {len(names) - _SHOWN_REFS} more"
            known.append(f"{kind}: {listed}")
        return UnknownRefError(f"{ref!r} {problem} of {self.name} ({'; '.join(known)})")

    def _ref_names(self, prefix: str) -> list[str]:
        listing = self._git("for-each-ref", "--format=%(refname)", prefix)
        return [
            line.removeprefix(prefix)
            for line in listing.decode("utf-8", "replace").splitlines()
        ]

    # -- commits -------------------------------------------------------------------

    def commit(self, ref: str) -> Commit:
        """The facts of the commit `ref` names (see `resolve`)."""
        return self._commits("--max-count=1", self.resolve(ref))[0]

    def _commits(self, *arguments: str) -> list[Commit]:
        """Commits as `git rev-list ARGUMENTS` lists them, in its order."""
        output = self._git("rev-list", f"--format={_COMMIT_FORMAT}", *arguments)
        commits = []
        for record in output.decode("utf-8", "replace").split("\x1e")[1:]:
            # after the fields: a newline and the next record's `commit <id>` line
            id_, parents, timestamp, subject, trailers = record.split("\x00")[:5]
            commits.append(
                Commit(
                    id=id_,
                    provenance=_provenance(trailers) or id_,
                    parents=tuple(parents.split()),
                    date=timestamp[:10],
                    timestamp=timestamp,
                    subject=subject,
                )
            )
        return commits

    # -- files ---------------------------------------------------------------------

    def files(self, ref: str, prefixes: Sequence[str] = ()) -> dict[str, bytes]:
        """Every regular file of the commit `ref` names under the folders
        `prefixes` (the whole tree when none), by path, with its bytes."""
        folders = _folders(prefixes)
        listing = self._git("ls-tree", "-r", "-z", self.resolve(ref), "--", *folders)
        blobs: dict[str, str] = {}
        for entry in _fields(listing):
            meta, _, path = entry.partition("\t")
            mode, kind, blob = meta.split(" ")
            if kind == "blob" and mode in _REGULAR_FILES and _under(path, folders):
                blobs[path] = blob
        contents = self.read_blobs(blobs.values())
        return {path: contents[blob] for path, blob in sorted(blobs.items())}

    def read_blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of many blobs, by id, read by one git process.

        Collect the ids of a whole history's changes first and read them in
        one call: each call starts a process.
        """
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        output = self._git(
            "cat-file", "--batch", stdin="".join(f"{id_}\n" for id_ in wanted).encode()
        )
        contents: dict[str, bytes] = {}
        position = 0
        for id_ in wanted:  # answers come in the order asked
            end = output.index(b"\n", position)
            header = output[position:end].decode("utf-8", "replace").split(" ")
            if header[-1] == "missing":  # the cache lost what it held
                raise self._damaged(f"blob {id_} is missing")
            if len(header) != 3 or header[1] != "blob":
                answer = " ".join(header[1:])
                raise ValueError(f"{id_} names no blob of {self.name} ({answer})")
            size = int(header[2])
            contents[id_] = output[end + 1 : end + 1 + size]
            position = end + 1 + size + 1  # the content, then a newline
        return contents

    # -- history -------------------------------------------------------------------

    def history(self, ref: str, prefixes: Sequence[str] = ()) -> list[Step]:
        """The first-parent history of `ref`, oldest first: every commit, with
        the files under `prefixes` it changed against its first parent
        (renames detected); the first commit lists all its files as added.

        Replaying the changes in order from nothing gives the files of `ref`.
        """
        folders = _folders(prefixes)
        commits = self._commits("--first-parent", "--reverse", self.resolve(ref))
        pairs = "".join(
            f"{c.id} {c.parents[0]}\n" if c.parents else f"{c.id}\n" for c in commits
        )
        diff = ("diff-tree", "--stdin", "-r", "-z", "-M", "--root", "--", *folders)
        raw = self._git(*diff, stdin=pairs.encode())
        changes = _parse_raw_diffs(raw)
        return [Step(commit=c, changes=tuple(changes.get(c.id, ()))) for c in commits]

    # -- running git ---------------------------------------------------------------

    def _git(self, *arguments: str, stdin: bytes | None = None) -> bytes:
        try:
            return git.run(arguments, git_dir=self.git_dir, stdin=stdin)
        except GitCommandError as failure:
            # every command here reads what the repository should hold
            git.check_version()
            raise self._damaged(failure.reason) from None

    def _damaged(self, reason: str) -> CacheError:
        """The error for a repository git cannot read, once `on_damage` ran."""
        if self._on_damage is None:
            return CacheError(f"{self.name}: cannot read the repository: {reason}")
        try:
            self._on_damage()
        except CacheError as refused:
            return CacheError(
                f"the cache of {self.name} is damaged ({reason}); {refused}"
            )
        return CacheError(
            f"the cache of {self.name} was damaged ({reason}) and is removed: fetch again"
        )


def _provenance(trailers: str) -> str | None:
    """The last `Upstream-Commit:` value that is a commit id, lower-cased."""
    values = [value.strip() for value in trailers.split("\x1f") if value.strip()]
    ids = [value.lower() for value in values if _HEX.fullmatch(value)]
    return ids[-1] if ids else None


def _folders(prefixes: Sequence[str]) -> list[str]:
    return [prefix.strip("/") for prefix in prefixes if prefix.strip("/")]


def _under(path: str, folders: Sequence[str]) -> bool:
    if not folders:
        return True
    return any(path == folder or path.startswith(f"{folder}/") for folder in folders)


def _fields(output: bytes) -> list[str]:
    """The NUL-terminated fields of a `-z` output; paths stay lossless."""
    return output.decode("utf-8", "surrogateescape").split("\x00")[:-1]


def _parse_raw_diffs(raw: bytes) -> dict[str, list[FileChange]]:
    """`git diff-tree --stdin -r -z` output, by commit.

    Each commit with changes prints its id, then per file a field
    `:oldmode newmode oldblob newblob STATUS` and one path (two for a rename).
    Only regular files count, as in `Repository.files`: a file that becomes a
    link is deleted, a link that becomes a file is added.
    """
    changes: dict[str, list[FileChange]] = {}
    current: list[FileChange] = []
    fields = iter(_fields(raw))
    for field in fields:
        if not field.startswith(":"):
            current = changes.setdefault(field, [])
            continue
        old_mode, new_mode, old_blob, new_blob, status = field[1:].split(" ")
        old_path = next(fields)
        path = next(fields) if status.startswith("R") else old_path
        was_file, is_file = old_mode in _REGULAR_FILES, new_mode in _REGULAR_FILES
        if is_file and not was_file:
            change = FileChange(
                status="A", path=path, old_path=None, blob=new_blob, old_blob=None
            )
        elif was_file and not is_file:
            change = FileChange(
                status="D",
                path=old_path,
                old_path=old_path,
                blob=None,
                old_blob=old_blob,
            )
        elif is_file:
            kind: ChangeStatus = "R" if status.startswith("R") else "M"
            change = FileChange(
                status=kind,
                path=path,
                old_path=old_path,
                blob=new_blob,
                old_blob=old_blob,
            )
        else:
            continue  # links and submodules on both sides
        current.append(change)
    return changes
