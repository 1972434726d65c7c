"""The site's changes page: what XT's documentation added, changed and dropped,
by date, from each code's history (`since`, `changes`, `removed`)."""

from __future__ import annotations

from dataclasses import dataclass

from codegen import model


@dataclass(frozen=True, kw_only=True)
class Event:
    """One line of the changes page: XT added, reworded or dropped a code."""

    date: str
    commit: str
    # "added", "changed" (a text, in `language`), "removed", or "restored"
    # (documented again after XT dropped it)
    what: str
    code: model.Code
    link: str  # its entry, relative to the site root
    language: str | None = None
    before: str | None = None
    after: str | None = None


def changes(catalog: model.Catalog) -> list[tuple[str, list[Event]]]:
    """What XT's documentation added, changed and dropped, by date, newest first;
    within a date in catalog order."""
    by_date: dict[str, list[Event]] = {}
    for table in catalog.tables:
        for code in table.codes:
            link = table.link(code)
            events = []
            if code.since is not None:
                events.append(_event("added", code.since, code, link))
            events += [_event("changed", change, code, link) for change in code.changes]
            for gap in code.gaps:
                events.append(_event("removed", gap.removed, code, link))
                events.append(_event("restored", gap.restored, code, link))
            if code.removed is not None:
                events.append(_event("removed", code.removed, code, link))
            for event in events:
                by_date.setdefault(event.date, []).append(event)
    return sorted(by_date.items(), reverse=True)


def _event(
    what: str, when: model.Stamp | model.Change, code: model.Code, link: str
) -> Event:
    change = when if isinstance(when, model.Change) else None
    return Event(
        date=when.date,
        commit=when.commit,
        what=what,
        code=code,
        link=link,
        language=change.language if change else None,
        before=change.before if change else None,
        after=change.after if change else None,
    )
