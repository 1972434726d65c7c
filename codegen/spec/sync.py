"""Stage 3: keep the spec's documentation fields in sync with XT's pages.

Each sync refreshes the fields the documentation owns (those
`codegen.spec.fields` gives the documentation) from the merged codes of
`codegen.spec.merge`, and leaves every curated field, and its comments, as it
was. Codes new in the documentation arrive with the guesses of
`codegen.spec.guesses`; a code that vanished from the documentation stops the
sync unless the spec marks it `retired`.
"""

from __future__ import annotations

from collections.abc import Collection

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from codegen import model, naming
from codegen.errors import SourceError, Stops
from codegen.spec import dating, fields, guesses, merge
from codegen.spec.dating import source_stamp, stamp_history
from codegen.spec.edit import (
    flow,
    flow_map,
    new_entry,
    place,
    plain,
    set_list,
    set_optional,
    set_value,
)
from codegen.spec.shape import key_line

Places = dict[tuple[str, str], model.Place]  # (table, code) -> its standing text's line


def sync(
    spec: CommentedMap,
    merged: dict[str, merge.MergedTable],
    spec_path: str,
    reserved: Collection[str],
    report: list[str],
    stops: Stops,
) -> Places:
    """Bring the spec's documentation fields in line with the merged pages, in
    place; where the pages document each code.

    `report` gets one line per table or code added, text changed, product
    gained or lost, or code retired, for the maintainer to read. `reserved`
    holds the names the package defines itself, which a new table's enum must
    not take. Ends the stages that share `stops` (pairing, merging, syncing):
    their mistakes are raised together (SourceErrors).
    """
    places: Places = {}
    vanished: list[SourceError] = []
    dated = dating.stamps_in_use(spec)
    for key, found in merged.items():
        table = spec["tables"].get(key)
        if table is None:
            table = _new_table(spec, key, found, reserved, report)
        set_value(table, "title", found.title, fields.TABLE)
        set_optional(table, "title_zh", found.title_zh, fields.TABLE)
        _sync_codes(spec, table, key, found.codes, spec_path, report, stops, vanished)
        places.update(
            ((key, code.code), model.Place(code.path, code.line))
            for code in found.codes
        )
    for key, table in spec["tables"].items():
        if key not in merged:
            _sync_codes(spec, table, key, (), spec_path, report, stops, vanished)
    # Which codes vanished is known only once every page has been read and merged.
    if not stops.errors:
        stops.errors.extend(vanished)
    stops.raise_any()
    report[:0] = dating.unmoved_sources(spec, dated)  # warnings first
    return places


def to_curate(spec: CommentedMap, spec_path: str) -> list[SourceError]:
    """Each code no one has curated yet (it has no hint of its own), with the
    guesses it still carries, located at its spec entry: the report's closing
    lines, and what `--release` refuses to publish."""
    found = []
    for key, table in spec["tables"].items():
        for entry in table["codes"]:
            if entry.get("hint") or entry.get("kind") == "success":
                continue
            code = str(entry["code"])
            guessed = [
                f"{what} {value}"
                for what, value, guess in (
                    (
                        "class",
                        entry.get("exception"),
                        guesses.exception_name(code, table["role"]),
                    ),
                    (
                        "kind",
                        entry.get("kind"),
                        guesses.kind_for(
                            code, str(entry["description"]), table["role"]
                        ),
                    ),
                )
                if value == guess
            ]
            still = f" (still the guessed {' and '.join(guessed)})" if guessed else ""
            # A code this very run added has no line yet: its table's stands in.
            line = (
                entry.lc.line + 1
                if entry.lc.line is not None
                else key_line(spec["tables"], key)
            )
            found.append(
                SourceError(
                    spec_path,
                    line,
                    f"to curate: {key} {code}{still}: give it a hint, "
                    "and a class and kind if the guesses are wrong",
                )
            )
    return found


def _new_table(
    spec: CommentedMap,
    key: str,
    found: merge.MergedTable,
    reserved: Collection[str],
    report: list[str],
) -> CommentedMap:
    role = guesses.role_for(key)
    wanted = guesses.enum_name(key, role)
    taken = set(reserved) | {str(table["enum"]) for table in spec["tables"].values()}
    enum = guesses.free_name(wanted, taken)
    table = CommentedMap()
    table["title"] = found.title
    table["enum"] = enum
    table["role"] = role
    table["codes"] = CommentedSeq()
    spec["tables"][key] = table
    note = f" ({wanted} is a name of the package itself)" if enum != wanted else ""
    report.append(f"new table {key} ({enum}){note}")
    return table


def _sync_codes(
    spec: CommentedMap,
    table: CommentedMap,
    key: str,
    codes: tuple[merge.MergedCode, ...],
    spec_path: str,
    report: list[str],
    stops: Stops,
    vanished: list[SourceError],
) -> None:
    old: CommentedSeq = table["codes"]
    by_code = {str(entry["code"]): entry for entry in old}
    gone = [
        entry for code, entry in by_code.items() if code not in {c.code for c in codes}
    ]
    integer = all(naming.is_integer_code(found.code) for found in codes) and all(
        naming.is_integer_code(str(entry["code"])) for entry in gone
    )
    documented: list[CommentedMap] = []
    for found in codes:
        with stops.unit(f"{key} {found.code}"):
            entry = _sync_code(
                spec, table, key, by_code.get(found.code), found, spec_path, report
            )
            set_value(entry, "code", int(found.code) if integer else found.code)
            documented.append(entry)
    for entry in gone:
        code = str(entry["code"])
        if entry.get("evidence"):  # observed in responses, on no page: curated
            for field in ("pages", "endpoints", "spellings", "variants"):
                entry.pop(field, None)
        elif entry.get("retired"):
            _retire(spec, entry, f"{key} {code}", report)
        else:
            vanished.append(
                SourceError(
                    spec_path,
                    entry.lc.line + 1,
                    f"code '{code}' of table '{key}' is no longer in the documentation; "
                    "published names are an API: mark it 'retired: true' to keep it",
                )
            )
        set_value(entry, "code", int(code) if integer else code)
        set_value(entry, "family", naming.family_of(code))
    synced = _in_place(old, documented, gone)
    if integer:
        synced.sort(key=lambda entry: int(entry["code"]))
    # Rebuild the list only when the order changed, so comments stay in place.
    if [id(entry) for entry in synced] != [id(entry) for entry in old]:
        table["codes"] = CommentedSeq(synced)


def _sync_code(
    spec: CommentedMap,
    table: CommentedMap,
    key: str,
    entry: CommentedMap | None,
    found: merge.MergedCode,
    spec_path: str,
    report: list[str],
) -> CommentedMap:
    """A documented code's entry, its documentation fields refreshed (added when new)."""
    label = f"{key} {found.code}"
    if entry is None:
        entry = new_entry(spec, table["role"], found.code, found.description)
        where = ", ".join(found.endpoints) or ", ".join(found.products)
        report.append(f"added {label} ({where})")
    elif entry.get("retired"):
        raise SourceError(
            spec_path,
            key_line(entry, "retired"),
            f"code '{found.code}' is marked retired but is documented again at "
            f"{found.path}:{found.line}; remove 'retired' to bring it back",
        )
    else:
        if entry.get("evidence") and not entry.get("pages"):
            report.append(f"now documented {label} (was only observed in responses)")
        _report_changes(entry, found, label, report)
    stamp_history(spec, entry, found)
    set_value(entry, "description", found.description)
    set_optional(entry, "description_zh", found.description_zh)
    set_list(entry, "products", list(found.products))
    set_list(entry, "endpoints", list(found.endpoints))
    set_list(entry, "pages", list(found.pages))
    set_list(entry, "spellings", list(found.spellings))
    set_optional(entry, "variants", _variants(found.variants))
    set_value(entry, "family", naming.family_of(found.code))
    return entry


def _retire(
    spec: CommentedMap, entry: CommentedMap, label: str, report: list[str]
) -> None:
    """A code the spec retires and the pages no longer list: it keeps its last pages
    and texts; the first sync without it dates its removal by the pages' source."""
    if "removed" in entry:
        return
    pages = [str(page) for page in entry.get("pages") or ()]
    stamp = source_stamp(spec, pages[0] if pages else None)
    if stamp is not None and entry.get("since"):
        place(entry, "removed", flow_map(stamp))
    when = f" as of {stamp['date']}" if stamp is not None else ""
    report.append(f"retired {label}: no page lists it any more{when}")


def _in_place(
    old: list[CommentedMap], documented: list[CommentedMap], gone: list[CommentedMap]
) -> list[CommentedMap]:
    """The documented entries in the documentation's order, and each entry no page
    lists (retired, or only observed) right after the entry it followed before,
    so that retiring a code moves nothing else."""
    placed = list(documented)
    left = {id(entry) for entry in gone}
    for index, entry in enumerate(old):
        if id(entry) not in left:
            continue
        after = next(
            (
                position
                for earlier in reversed(old[:index])
                for position, other in enumerate(placed)
                if other is earlier
            ),
            -1,
        )
        placed.insert(after + 1, entry)
    return placed


def _report_changes(
    entry: CommentedMap, found: merge.MergedCode, label: str, report: list[str]
) -> None:
    for field, new in (
        ("description", found.description),
        ("description_zh", found.description_zh),
    ):
        old = entry.get(field)
        if old != new:
            report.append(f"changed {label} {field}: {old!r} -> {new!r}")
    for field, now in (("products", found.products), ("endpoints", found.endpoints)):
        before = [str(item) for item in entry.get(field) or ()]
        if (before or field == "endpoints") and before != list(now):
            gained = [item for item in now if item not in before]
            lost = [item for item in before if item not in now]
            change = (
                ", ".join([*(f"+{i}" for i in gained), *(f"-{i}" for i in lost)])
                or "reordered"
            )
            report.append(f"changed {label} {field}: {change}")
    if plain(entry.get("variants")) != plain(_variants(found.variants)):
        report.append(f"changed {label} variants (other texts XT gives for it)")


def _variants(variants: tuple[model.Variant, ...]) -> CommentedSeq | None:
    if not variants:
        return None
    found = CommentedSeq()
    for variant in variants:
        item = CommentedMap()
        item["pages"] = flow(list(variant.pages))
        item["description"] = variant.description
        if variant.description_zh is not None:
            item["description_zh"] = variant.description_zh
        if variant.duplicate:
            item["duplicate"] = True
        found.append(item)
    return found
