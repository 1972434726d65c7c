"""A fetched source's history, as the replay reads it (`codegen.spec.replay`).

The pages' revisions come from the first-parent history of each branch the
source names, oldest first: its earlier branches (`history`), then the one it
follows. Walking by first parent matters: a side branch that carries old
versions of pages joins only as a merge's second parent, and walking it would
make codes vanish and come back that XT never dropped.

A page keeps its identity through renames (git's rename detection) and from
one branch to the next (the same path below the docs root, in either
layout), and is named after its last path: a spec page by the `upstream` the
fetch gave it, a page that no longer has a code table by its own path. The
first commit of a later branch removes the pages it does not have.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ruamel.yaml.comments import CommentedMap

from codegen.fetch import layout
from codegen.fetch.cache import UpstreamCache
from codegen.fetch.errors import CacheError
from codegen.fetch.repository import FileChange, Repository, Step
from codegen.read import docusaurus
from codegen.spec.dating import history_pages
from codegen.spec.replay import ReplayPage, Revision

if TYPE_CHECKING:
    from codegen.fetch.command import Fetched


@dataclass
class _Page:
    """One page through the history: its latest path, in the repository."""

    path: str


def revisions(
    repository: Repository, branches: Iterable[str], shown: str
) -> list[Revision]:
    """Every revision of every page of `branches`' first-parent histories, in
    order, each named by its page's last path (see the module's docstring).
    `shown` names the source in messages ('xtapis')."""
    pages: dict[Key, _Page] = {}
    found: list[tuple[_Page, Step, str, str | None]] = []  # page, step, path, blob
    for branch in branches:
        for index, step in enumerate(repository.history(branch, layout.PREFIXES)):
            had = set(pages)
            events = _step(step.changes, pages)
            if index == 0:  # a branch starts from its own tree: the others' pages go
                events += [
                    (pages.pop(key), None) for key in had & set(pages) - _touched(step)
                ]
            found += [(page, step, page.path, blob) for page, blob in events]
    blobs = repository.read_blobs(blob for _, _, _, blob in found if blob)
    texts = {blob: _text(data) for blob, data in blobs.items()}
    # Only pages that list codes at some revision matter, from their first such
    # revision on: the others (thousands, in XT's history) are never read.
    listing: set[int] = set()
    kept = []
    for page, step, path, blob in found:
        if id(page) not in listing:
            if blob is None or not docusaurus.may_list_codes(texts[blob]):
                continue
            listing.add(id(page))
        kept.append((page, step, path, blob))
    return [
        Revision(
            upstream=page.path,
            commit=step.commit.provenance[:7],
            date=step.commit.date,
            name=layout.page_name(path),
            shown=f"{shown}@{step.commit.provenance[:7]}:{path}",
            text=None if blob is None else texts[blob],
        )
        for page, step, path, blob in kept
    ]


Key = tuple[str, str]  # a page's relative path, read loosely, and its language


def _key(located: layout.Located) -> Key:
    """A page's identity by its path below the docs root, read loosely: XT has
    moved pages between folders that differ only in spaces and case
    ('AccessDescription/' and 'Access Description/')."""
    return (re.sub(r"[^a-z0-9/.]", "", located.relative.lower()), located.language)


def _touched(step: Step) -> set[Key]:
    """The pages a step's changes leave in place (added or modified)."""
    found = set()
    for change in step.changes:
        located = layout.locate(change.path) if change.status != "D" else None
        if located is not None:
            found.add(_key(located))
    return found


def _step(
    changes: Iterable[FileChange], pages: dict[Key, _Page]
) -> list[tuple[_Page, str | None]]:
    """What one commit's changed files mean for the pages: each page's new blob,
    or None for its removal. A page deleted and one added under the same loose
    path in one commit is one page moved. `pages` follows."""
    gone: dict[Key, _Page] = {}
    events: list[tuple[_Page, str | None]] = []
    for change in sorted(changes, key=lambda change: change.status != "D"):
        removed_from = change.path if change.status == "D" else change.old_path
        old = layout.locate(removed_from) if removed_from else None
        page = pages.pop(_key(old), None) if old is not None else None
        new = layout.locate(change.path) if change.status != "D" else None
        if new is None:  # deleted, or moved out of the documentation
            if page is not None and old is not None:
                gone[_key(old)] = page
            continue
        key = _key(new)
        page = page or gone.pop(key, None) or pages.get(key) or _Page(change.path)
        page.path = change.path
        pages[key] = page
        events.append((page, change.blob))
    return events + [(page, None) for page in gone.values()]


def _text(data: bytes) -> str:
    """A revision's text; bytes that are not UTF-8 are replaced, as a past page
    cannot be mended (its codes are read as far as they go)."""
    return data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class SourcesHistory:
    """The followed sources' revisions, and the pages of theirs no spec page is."""

    revisions: list[Revision]
    pages: dict[str, ReplayPage]  # a page's last path -> the page, for the replay


def sources_revisions(
    root: Path, spec: CommentedMap, fetched: Iterable[Fetched]
) -> SourcesHistory:
    """The history of every source the spec follows: as `fetched` brought it,
    else from its cache, which must be at the commit the spec records."""
    by_key = {one.key: one for one in fetched}
    known = set(history_pages(spec))
    found: list[Revision] = []
    others: dict[str, ReplayPage] = {}
    for key, source in spec["sources"].items():
        if not source.get("follow"):
            continue
        one = by_key.get(str(key))
        if one is not None:
            walked = list(one.revisions)
        else:
            walked = _cached(root, str(key), source)
        products = {str(k): str(v) for k, v in (source.get("products") or {}).items()}
        for revision in walked:
            located = layout.locate(revision.upstream)
            if revision.upstream in known or revision.upstream in others or not located:
                continue
            others[revision.upstream] = ReplayPage(
                name=layout.page_name(located.relative),
                rank=len(spec["pages"]) + len(others),
                language=located.language,
                product=layout.product_of(located.relative, products),
            )
        found += walked
    return SourcesHistory(found, others)


def _cached(root: Path, key: str, source: CommentedMap) -> list[Revision]:
    """A source's history from its cache, for a replay without a fetch."""
    repository = UpstreamCache(root, key).repository()
    commit = repository.commit(str(source["follow"]))
    if commit.provenance != str(source.get("commit", "")):
        raise CacheError(
            f"the cache of {key} is at {commit.provenance[:7]}, the spec records "
            f"{str(source['commit'])[:7]}: run `python -m codegen fetch {key}` first"
        )
    branches = [*(str(branch) for branch in source.get("history") or ()), commit.id]
    return revisions(repository, branches, key)
