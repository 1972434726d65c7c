"""The site's changes page: what XT's documentation added, changed and dropped,
by date, from each code's history (`since`, `changes`, `removed`)."""

from __future__ import annotations

from dataclasses import dataclass

from codegen import model


@dataclass(frozen=True)
class Event:
    """One line of the changes page: XT added, reworded or dropped a code."""

    date: str
    commit: str
    what: str  # "added", "changed" (a text, in `language`) or "removed"
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
            link = f"{table.page(code)}#{code.anchor}"
            events = []
            if code.since is not None:
                events.append(Event(code.since.date, code.since.commit, "added", code, link))
            events += [
                Event(change.date, change.commit, "changed", code, link, change.language, change.before, change.after)
                for change in code.changes
            ]
            if code.removed is not None:
                events.append(Event(code.removed.date, code.removed.commit, "removed", code, link))
            for event in events:
                by_date.setdefault(event.date, []).append(event)
    return sorted(by_date.items(), reverse=True)
