"""XT's record: replaying every past revision of its pages, to date each code.

`spec/history/` holds every revision of the pages of XT's repository, byte for
byte, and `MANIFEST.tsv` names each one's file, upstream path, commit and
date. `python -m codegen --replay-history` replays them in date order; after
each commit it takes each code's text in each language as the catalog would
(the first page that lists it, products in the spec's order; a code listed
twice on one page by the errata, here the spec's `history_errata`) and
records:

- `since`: the date and commit of the first revision that documents it;
- `changes`: each later change of its text, per language (a language's first
  text too, when a translation came later);
- `removed`: for a code XT no longer documents, the date and commit of the
  revision that dropped it; the replay adds such a code to the spec, retired.

A code no past revision documents (the pages of XT's current site) dates from
its page's source, as each sync stamps what it adds or changes from then on
(`codegen.spec.sync`). Like the errata of today's pages, a history erratum that
matches nothing is stale and stops the replay.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from codegen.errors import SourceError
from codegen.model import Change, Erratum, Stamp
from codegen.read import document
from codegen.spec import rules

MANIFEST = "MANIFEST.tsv"
LANGUAGES = ("en", "zh")


@dataclass(frozen=True, kw_only=True)
class Revision:
    """One past revision of one page, as the manifest lists it."""

    file: str  # relative to the history folder
    upstream: str  # the page's path in XT's repository
    commit: str  # the commit's short hash
    date: str  # its author date, YYYY-MM-DD


@dataclass(kw_only=True)
class CodeHistory:
    since: Stamp
    changes: list[Change] = field(default_factory=list)
    removed: Stamp | None = None
    texts: dict[str, str] = field(default_factory=dict)  # language -> its last text
    pages: list[str] = field(default_factory=list)  # the pages that last listed it


@dataclass(frozen=True)
class ReplayPage:
    """A page of the spec as the replay needs it: its name, product rank and language."""

    name: str  # the English page's file name (the spec's key for both twins)
    rank: int  # its place in catalog order
    language: str


Key = tuple[str, str]  # (catalog table, code)


def read_manifest(folder: Path, shown: str) -> list[Revision]:
    """The revisions the manifest lists, oldest first."""
    path = folder / MANIFEST
    text = document.read_utf8(path, f"{shown}/{MANIFEST}")
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    found = []
    for number, row in enumerate(rows[1:], 2):
        if len(row) != 5:
            raise SourceError(
                f"{shown}/{MANIFEST}",
                number,
                "a row is file, upstream_path, commit, date, subject",
            )
        file, upstream, commit, date, _ = row
        found.append(
            Revision(file=file, upstream=upstream, commit=commit[:7], date=date[:10])
        )
    return sorted(found, key=lambda revision: (revision.date, revision.file))


def replay(
    folder: Path,
    shown: str,
    *,
    pages: dict[str, ReplayPage],
    routes: list[rules.Route],
    errata: list[Erratum],
    history_errata: list[Erratum],
    repairs: dict[str, list[tuple[int, document.Repair]]],
    spec_path: str,
) -> dict[Key, CodeHistory]:
    """Each code's history, from the revisions in `folder` (shown as `shown`).

    `pages` maps an upstream path to the spec's page (and language) it is a
    revision of; a revision of a page the spec does not name stops the replay.
    `errata` are those of today's pages, `history_errata` the history's own:
    only the latter must match something here. `repairs` mend a revision's
    broken table.
    """
    every = [*errata, *history_errata]
    revisions = read_manifest(folder, shown)
    named = {revision.file for revision in revisions}
    for file, mended in repairs.items():
        if file not in named:
            raise SourceError(
                spec_path,
                mended[0][0],
                f"the erratum's revision {file} is in no row of the manifest",
            )
    used: set[int] = set()
    state: dict[tuple[str, str], dict[Key, str]] = {}  # (page, language) -> texts
    ranks: dict[tuple[str, str], int] = {}
    histories: dict[Key, CodeHistory] = {}
    previous: dict[tuple[Key, str], str] = {}
    for commit, group in _by_commit(revisions):
        for revision in group:
            page = pages.get(revision.upstream)
            if page is None:
                raise SourceError(
                    f"{shown}/{MANIFEST}",
                    1,
                    f"{revision.file}: no page of the spec has the upstream path {revision.upstream} "
                    "(name it in the page's upstream or upstream_zh)",
                )
            where = (page.name, page.language)
            mending = tuple(repair for _, repair in repairs.get(revision.file, ()))
            state[where] = _texts(
                folder / revision.file,
                f"{shown}/{revision.file}",
                page.name,
                routes,
                every,
                used,
                mending,
            )
            ranks[where] = page.rank
        now, listed = _standing(state, ranks)
        stamp = Stamp(date=group[0].date, commit=commit)
        _record(histories, previous, now, stamp)
        for key, pages_now in listed.items():
            histories[key].pages = pages_now
        previous = now
    stale = next(
        (e for i, e in enumerate(every) if i >= len(errata) and i not in used), None
    )
    if stale is not None:
        raise SourceError(
            spec_path,
            stale.line,
            f"{stale.describe()} matches no past revision: remove it from history_errata",
        )
    return histories


def _by_commit(revisions: list[Revision]) -> list[tuple[str, list[Revision]]]:
    groups: dict[str, list[Revision]] = {}
    for revision in revisions:
        groups.setdefault(revision.commit, []).append(revision)
    return list(groups.items())


def _texts(
    path: Path,
    shown: str,
    page: str,
    routes: list[rules.Route],
    errata: list[Erratum],
    used: set[int],
    repairs: tuple[document.Repair, ...],
) -> dict[Key, str]:
    """One revision's codes and texts, each routed to its catalog table."""
    found: dict[Key, list[tuple[str, str, int]]] = {}
    for table in document.read_document(path, shown, repairs):
        for row in table.rows:
            key = (rules.route(routes, table, row.code, row.line, page), row.code)
            found.setdefault(key, []).append((row.description, shown, row.line))
    return {
        key: rows[0][0]
        if len(rows) == 1
        else rules.standing(key[1], rows, errata, used)
        for key, rows in found.items()
    }


def _standing(
    state: dict[tuple[str, str], dict[Key, str]], ranks: dict[tuple[str, str], int]
) -> tuple[dict[tuple[Key, str], str], dict[Key, list[str]]]:
    """Each code's text in each language (the first page's, in catalog order),
    and the pages that list it."""
    now: dict[tuple[Key, str], str] = {}
    pages: dict[Key, list[str]] = {}
    for where in sorted(state, key=lambda where: ranks[where]):
        page, language = where
        for key, text in state[where].items():
            now.setdefault((key, language), text)
            listed = pages.setdefault(key, [])
            if page not in listed:
                listed.append(page)
    return now, pages


def _record(
    histories: dict[Key, CodeHistory],
    previous: dict[tuple[Key, str], str],
    now: dict[tuple[Key, str], str],
    stamp: Stamp,
) -> None:
    documented = {key for key, _ in now}
    for (key, language), text in now.items():
        history = histories.get(key)
        if history is None:
            history = histories[key] = CodeHistory(since=stamp)
        history.texts[language] = text
        before = previous.get((key, language))
        if before != text and not (before is None and stamp == history.since):
            history.changes.append(
                Change(
                    date=stamp.date,
                    commit=stamp.commit,
                    language=language,
                    before=before,
                    after=text,
                )
            )
    for key, history in histories.items():
        if key not in documented and history.removed is None:
            history.removed = stamp
        elif key in documented:
            history.removed = None
