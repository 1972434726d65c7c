"""Stage 3, dating: what the spec records of XT's record. Each sync dates what
it adds or changes by the pages' source; a replay of XT's past pages
(`codegen.spec.replay`) writes each code's `since`, `changes` and `removed`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from codegen import naming
from codegen.spec import guesses, merge, replay, rules
from codegen.spec.edit import (
    flow_map,
    new_entry,
    place,
    set_list,
    set_optional,
    set_value,
)


def stamp_history(
    spec: CommentedMap, entry: CommentedMap, found: merge.MergedCode
) -> None:
    """Date what this sync adds or changes by the sources of the pages that say so:
    a new code's `since`, a new text in `changes` (see codegen/replay.py)."""
    stamp = source_stamp(spec, found.pages[0] if found.pages else None)
    if stamp is None:
        return
    if "since" not in entry:
        place(entry, "since", flow_map(stamp))
        return
    for language, field, now in (
        ("en", "description", found.description),
        ("zh", "description_zh", found.description_zh),
    ):
        before = entry.get(field)
        if now is not None and now != before:
            _add_change(
                entry, {**stamp, "language": language, "from": before, "to": now}
            )


def _add_change(entry: CommentedMap, change: dict[str, object]) -> None:
    if change.get("from") is None:
        del change["from"]  # the first text in a language
    changes = entry.get("changes")
    if changes is None:
        changes = CommentedSeq()
        place(entry, "changes", changes)
    changes.append(flow_map(change))


def add_gap(
    entry: CommentedMap, removed: Mapping[str, object], restored: Mapping[str, object]
) -> None:
    """Record a time XT dropped the code, then documented it again."""
    gaps = entry.get("gaps")
    if gaps is None:
        gaps = CommentedSeq()
        place(entry, "gaps", gaps)
    gap = CommentedMap()
    gap["removed"] = flow_map(removed)
    gap["restored"] = flow_map(restored)
    gaps.append(gap)


def stamps_in_use(spec: CommentedMap) -> Counter[str]:
    """How many dates of the spec's history each source commit gives."""
    found: Counter[str] = Counter()
    for table in spec["tables"].values():
        for entry in table["codes"]:
            stamps = [
                entry.get("since"),
                entry.get("removed"),
                *(entry.get("changes") or ()),
            ]
            found.update(str(stamp["commit"]) for stamp in stamps if stamp)
    return found


def unmoved_sources(spec: CommentedMap, before: Counter[str]) -> list[str]:
    """The report's warning for each source whose commit dated codes before this
    sync and dates new changes now: its pages changed, but `sources` still names
    the commit of their earlier text, so those dates are likely false."""
    after = stamps_in_use(spec)
    lines = []
    for key, source in spec["sources"].items():
        commit = str(source.get("commit", ""))
        if before[commit] and after[commit] > before[commit]:
            lines.append(
                f"check sources: the pages of {key} add, change or drop codes, dated "
                f"{source['date']} (commit {commit}) like earlier ones: if they are newer, "
                f"restore spec/catalog.yaml, set sources.{key} to the commit and date "
                "they come from, and sync again"
            )
    return lines


def source_stamp(spec: CommentedMap, page: object) -> dict[str, object] | None:
    """{date, commit} of the source of the spec's page `page`, when the spec names one."""
    entry = spec["pages"].get(page) if page is not None else None
    source = spec["sources"].get(entry.get("source")) if entry is not None else None
    if source is None or not source.get("commit"):
        return None  # a source not fetched yet dates nothing
    return {"date": str(source["date"]), "commit": str(source["commit"])}


def replay_history(
    spec: CommentedMap,
    revisions: list[replay.Revision],
    *,
    other_pages: Mapping[str, replay.ReplayPage],
    listed_in: str,
    spec_path: str,
    reserved: Collection[str],
    report: list[str],
) -> None:
    """Replay XT's past pages (`revisions`, oldest first) into the spec: each
    code's `since`, `changes`, `removed` and `gaps`, what changed told in
    `report`. A revision is of a spec page by its upstream path, else of one
    of `other_pages` (a page the sources no longer have); a code XT dropped
    gets names nothing has taken, nor `reserved`."""
    histories = replay.replay(
        revisions,
        pages={**other_pages, **history_pages(spec)},
        routes=rules.routes(spec),
        errata=rules.errata(spec),
        history_errata=rules.errata(spec, "history_errata"),
        skips=rules.history_skips(spec),
        spec_path=spec_path,
        listed_in=listed_in,
    )
    apply_history(spec, histories, guesses.FreeNames(spec, reserved), report)


def history_pages(spec: CommentedMap) -> dict[str, replay.ReplayPage]:
    """The spec's pages by the upstream paths of their revisions (`upstream`,
    `upstream_zh`, and their paths in an older source, `earlier` and
    `earlier_zh`), ranked in catalog order for the replay."""
    products = {str(key): index for index, key in enumerate(spec["products"])}
    ranked = sorted(
        enumerate(spec["pages"].items()),
        key=lambda item: (
            bool(item[1][1].get("endpoint")),
            products[str(item[1][1]["product"])],
            item[0],
        ),
    )
    found = {}
    for rank, (_, (name, page)) in enumerate(ranked):
        paths = {
            "en": [page.get("upstream"), *(page.get("earlier") or ())],
            "zh": [page.get("upstream_zh"), *(page.get("earlier_zh") or ())],
        }
        for language, upstreams in paths.items():
            for upstream in filter(None, upstreams):
                found[str(upstream)] = replay.ReplayPage(
                    name=str(name),
                    rank=rank,
                    language=language,
                    product=str(page["product"]),
                )
    return found


def apply_history(
    spec: CommentedMap,
    histories: dict[tuple[str, str], replay.CodeHistory],
    names: guesses.FreeNames,
    report: list[str],
) -> None:
    """Write a replay's findings into the spec: each code's `since`, `changes` and
    `removed`. A code XT documented once and no longer is added, retired, with
    its last texts; curating its name, class and kind is left to a maintainer."""
    for (key, code), found in histories.items():
        table = spec["tables"].get(key)
        if table is None:
            continue  # a table no page of today routes anything to
        entry = next((e for e in table["codes"] if str(e["code"]) == code), None)
        if entry is None:
            if found.removed is None:
                continue  # documented today: the sync adds it
            entry = _retired_entry(spec, key, code, found, names)
            report.append(
                f"added {key} {code}, retired: documented {found.since.date} to {found.removed.date}"
            )
        for field in ("since", "changes", "removed", "gaps"):  # written again
            entry.pop(field, None)
        place(entry, "since", flow_map(found.since.as_dict()))
        for change in found.changes:
            _add_change(
                entry,
                {
                    "date": change.date,
                    "commit": change.commit,
                    "language": change.language,
                    "from": change.before,
                    "to": change.after,
                },
            )
        if found.removed is not None:
            place(entry, "removed", flow_map(found.removed.as_dict()))
        for gap in found.gaps:
            add_gap(entry, gap.removed.as_dict(), gap.restored.as_dict())
        products = found.products
        if not entry.get("products"):
            set_list(entry, "products", list(dict.fromkeys(products)))


def _retired_entry(
    spec: CommentedMap,
    key: str,
    code: str,
    found: replay.CodeHistory,
    names: guesses.FreeNames,
) -> CommentedMap:
    english, chinese = found.texts.get("en"), found.texts.get("zh")
    description = english or chinese or ""
    product = found.products[0] if found.products else None
    entry = new_entry(spec, key, code, description, product, names)
    table = spec["tables"][key]
    set_value(entry, "code", code)
    set_value(entry, "description", description)
    set_optional(entry, "description_zh", chinese)
    set_value(entry, "family", naming.family_of(code))
    place(entry, "retired", True)
    table["codes"].append(entry)
    return entry
