"""XT's record: replaying every past revision of its pages, to date each code.

A revision is one page's text at one of XT's commits, or the page's removal.
They come from `spec/history/` (every revision of the pages of XT's older
repository, byte for byte, with `MANIFEST.tsv` naming each one's file,
upstream path, commit and date: `revisions_in`) and from the history of a
fetched source (`codegen.fetch`). The replay takes them commit by commit,
oldest first; after each commit it takes each code's text in each language
as the catalog would (the first page that lists it, in catalog order; a code
listed twice on one page by the errata, here the spec's `history_errata`; a
row as the errata read it) and records:

- `since`: the date and commit of the first revision that documents it;
- `changes`: each later change of its text, per language (a language's first
  text too, when a translation came later);
- `removed`: for a code XT no longer documents, the date and commit of the
  revision that dropped it; the replay adds such a code to the spec, retired;
- `gaps`: each earlier time XT dropped it, then documented it again.

Like the errata of today's pages, a history erratum that matches nothing is
stale and stops the replay.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from codegen.errors import SourceError
from codegen.model import Change, Erratum, Gap, Stamp
from codegen.read import document
from codegen.spec import merge, rules

MANIFEST = "MANIFEST.tsv"
LANGUAGES = ("en", "zh")


@dataclass(frozen=True, kw_only=True)
class Revision:
    """One page of XT's documentation at one of XT's commits."""

    upstream: str  # the page's path in its repository
    commit: str  # XT's commit, short
    date: str  # its author date, YYYY-MM-DD
    name: str  # a file name for the reader: its suffix says the page's format
    shown: str  # how messages name this revision
    text: str | None  # the page's text; None: this commit removed the page
    repairs: tuple[document.Repair, ...] = ()  # its broken tables, mended


@dataclass(kw_only=True)
class CodeHistory:
    since: Stamp
    changes: list[Change] = field(default_factory=list)
    removed: Stamp | None = None
    gaps: list[Gap] = field(default_factory=list)  # dropped, then documented again
    texts: dict[str, str] = field(default_factory=dict)  # language -> its last text
    pages: list[str] = field(default_factory=list)  # the pages that last listed it
    products: list[str] = field(default_factory=list)  # those pages' products


@dataclass(frozen=True, kw_only=True)
class ReplayPage:
    """A page as the replay needs it: its name, rank in catalog order and language."""

    name: str  # the English page's file name (the spec's key for both twins)
    rank: int  # its place in catalog order
    language: str
    product: str


Key = tuple[str, str]  # (catalog table, code)


def revisions_in(
    folder: Path,
    shown: str,
    repairs: dict[str, list[tuple[int, document.Repair]]],
    spec_path: str,
) -> list[Revision]:
    """The revisions `folder`'s manifest lists, oldest first, each mended as the
    history errata say (`repairs`: a revision's file -> (spec line, repair))."""
    path = folder / MANIFEST
    text = document.read_utf8(path, f"{shown}/{MANIFEST}")
    rows = list(csv.reader(text.splitlines(), delimiter="\t"))
    listed = []
    for number, row in enumerate(rows[1:], 2):
        if len(row) != 5:
            raise SourceError(
                f"{shown}/{MANIFEST}",
                number,
                "a row is file, upstream_path, commit, date, subject",
            )
        listed.append(row)
    named = {row[0] for row in listed}
    for file, mended in repairs.items():
        if file not in named:
            raise SourceError(
                spec_path,
                mended[0][0],
                f"the erratum's revision {file} is in no row of the manifest",
            )
    found = [
        Revision(
            upstream=upstream,
            commit=commit[:7],
            date=date[:10],
            name=file,
            shown=f"{shown}/{file}",
            text=document.read_utf8(folder / file, f"{shown}/{file}"),
            repairs=tuple(repair for _, repair in repairs.get(file, ())),
        )
        for file, upstream, commit, date, _ in listed
    ]
    return sorted(found, key=lambda revision: (revision.date, revision.name))


def replay(
    revisions: list[Revision],
    *,
    pages: dict[str, ReplayPage],
    routes: list[rules.Route],
    errata: list[Erratum],
    history_errata: list[Erratum],
    skips: dict[tuple[str, str], int],
    spec_path: str,
    listed_in: str,
) -> dict[Key, CodeHistory]:
    """Each code's history, from `revisions` in their order (a commit's revisions
    together).

    `pages` maps an upstream path to the page (and language) it is a revision
    of; a revision of a page it does not name stops the replay, pointing at
    `listed_in` (where the revisions are listed). `errata` are those of today's
    pages, `history_errata` the history's own: only the latter must match
    something here.
    """
    every = [*errata, *history_errata]
    used: set[int] = set()
    state: dict[tuple[str, str], dict[Key, str]] = {}  # (page, language) -> texts
    ranks: dict[tuple[str, str], int] = {}
    products: dict[str, str] = {}  # a page -> its product
    histories: dict[Key, CodeHistory] = {}
    skipped: set[tuple[str, str]] = set()
    for commit, group in _by_commit(revisions):
        for revision in group:
            page = pages.get(revision.upstream)
            if page is None:
                raise SourceError(
                    listed_in,
                    1,
                    f"{revision.shown}: no page of the spec has the upstream path "
                    f"{revision.upstream} (name it in the page's upstream or upstream_zh)",
                )
            where = (page.name, page.language)
            ranks[where] = page.rank
            products[page.name] = page.product
            skip = (revision.commit, page.name)
            if skip in skips:  # a wrong revision, set aside: the page stays as it was
                skipped.add(skip)
                continue
            if revision.text is None:
                state.pop(where, None)
            else:
                state[where] = _texts(revision, page.name, routes, every, used)
        now, listed = _standing(state, ranks)
        _record(histories, now, Stamp(date=group[0].date, commit=commit))
        for key, pages_now in listed.items():
            histories[key].pages = pages_now
            histories[key].products = list(
                dict.fromkeys(products[page] for page in pages_now)
            )
    _check_all_used(history_errata, used, len(errata), skips, skipped, spec_path)
    return histories


def _check_all_used(
    history_errata: list[Erratum],
    used: set[int],
    offset: int,
    skips: dict[tuple[str, str], int],
    skipped: set[tuple[str, str]],
    spec_path: str,
) -> None:
    """Stop at a history erratum the replay never needed: XT's history no
    longer holds the mistake it corrects (`used` counts errata from `offset`)."""
    for skip, line in skips.items():
        if skip not in skipped:
            raise SourceError(
                spec_path,
                line,
                f"erratum for revision {skip[0]} of {skip[1]} matches no past "
                "revision: remove it from history_errata",
            )
    for index, erratum in enumerate(history_errata, offset):
        if index not in used:
            raise SourceError(
                spec_path,
                erratum.line,
                f"{erratum.describe()} matches no past revision: remove it from history_errata",
            )


def _by_commit(revisions: list[Revision]) -> list[tuple[str, list[Revision]]]:
    """The revisions grouped by commit, in the order of each commit's first."""
    groups: dict[str, list[Revision]] = {}
    for revision in revisions:
        groups.setdefault(revision.commit, []).append(revision)
    return list(groups.items())


def _texts(
    revision: Revision,
    page: str,
    routes: list[rules.Route],
    errata: list[Erratum],
    used: set[int],
) -> dict[Key, str]:
    """One revision's codes and texts, each read as the errata say and routed to
    its catalog table."""
    assert revision.text is not None
    if revision.name.endswith(".mdx"):
        tables = list(
            document.parse_page(revision.text, revision.name, revision.shown).tables
        )
    else:
        tables = document.parse_document(
            revision.text, revision.shown, revision.repairs
        )
    found: dict[Key, list[tuple[str, str, int]]] = {}
    for table in tables:
        for row in merge.mended(table, errata, used).rows:
            code = merge.spelled(row.code, errata, used)
            key = (rules.route(routes, table, code, row.line, page), code)
            if not any(route.table == key[0] for route in routes):
                # today's tables route themselves; a past one would be lost
                raise SourceError(
                    revision.shown,
                    table.line,
                    f"no table of the spec takes the rows of this past table "
                    f"'{table.key}': add a 'from' rule for it to the table its codes "
                    "belong to",
                )
            found.setdefault(key, []).append(
                (row.description, revision.shown, row.line)
            )
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


_CHINESE = re.compile(r"[\u3400-\u9fff]")


def _untranslated(language: str, text: str, before: str | None) -> bool:
    """A Chinese page that gives a code an English text where it gave a Chinese
    one: not yet translated (XT's Chinese pages held their English twins' texts
    for days when its site moved), so no change of the code's Chinese text."""
    return (
        language == "zh"
        and before is not None
        and _CHINESE.search(before) is not None
        and _CHINESE.search(text) is None
    )


def _record(
    histories: dict[Key, CodeHistory],
    now: dict[tuple[Key, str], str],
    stamp: Stamp,
) -> None:
    """What a commit changed: codes documented first, texts changed (against a
    code's last text in that language, so a text that goes and comes back
    unchanged is no change), codes dropped and documented again."""
    documented = {key for key, _ in now}
    for (key, language), text in now.items():
        history = histories.get(key)
        if history is None:
            history = histories[key] = CodeHistory(since=stamp)
        before = history.texts.get(language)
        if _untranslated(language, text, before):
            continue
        history.texts[language] = text
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
        elif key in documented and history.removed is not None:
            history.gaps.append(Gap(history.removed, stamp))
            history.removed = None
