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
    retire_vanished: bool = False,
) -> Places:
    """Bring the spec's documentation fields in line with the merged pages, in
    place; where the pages document each code.

    `report` gets one line per table or code added, text changed, product
    gained or lost, code retired or documented again, for the maintainer to
    read. `reserved` holds the names the package defines itself, which no new
    enum or guessed class may take. Ends the stages that share `stops`
    (pairing, merging, syncing): their mistakes are raised together
    (SourceErrors). A code no page lists any more stops the sync until the spec
    retires it; with `retire_vanished` (a fetch, whose pages are XT's as they
    are upstream) it is retired here, and the report says so.
    """
    dated = dating.stamps_in_use(spec)
    names = guesses.FreeNames(spec, reserved)
    run = _Sync(spec, spec_path, report, stops, names, retire_vanished)
    places: Places = {}
    for key, found in merged.items():
        table = spec["tables"].get(key)
        if table is None:
            table = _new_table(spec, key, found, reserved, report)
        set_value(table, "title", found.title, fields.TABLE)
        set_optional(table, "title_zh", found.title_zh, fields.TABLE)
        run.codes(table, key, found.codes)
        places.update(
            ((key, code.code), model.Place(code.path, code.line))
            for code in found.codes
        )
    for key, table in spec["tables"].items():
        if key not in merged:
            run.codes(table, key, ())
    # Which codes vanished is known only once every page has been read and merged.
    if not stops.errors:
        stops.errors.extend(run.vanished)
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
            products = entry.get("products") or ()
            product = str(products[0]) if products else None
            exception = entry.get("exception")
            kind = guesses.kind_for(code, str(entry["description"]), table["role"])
            guessed = [
                f"{what} {value}"
                for what, value, still_guessed in (
                    (
                        "class",
                        exception,
                        guesses.is_guessed_exception(
                            exception, code, table["role"], product
                        ),
                    ),
                    ("kind", entry.get("kind"), entry.get("kind") == kind),
                )
                if still_guessed
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


class _Sync:
    """One sync of the spec's tables: what it reports, the mistakes it finds and
    the names it can still give new codes."""

    def __init__(
        self,
        spec: CommentedMap,
        spec_path: str,
        report: list[str],
        stops: Stops,
        names: guesses.FreeNames,
        retire_vanished: bool,
    ) -> None:
        self.spec = spec
        self.retire_vanished = retire_vanished
        self.spec_path = spec_path
        self.report = report
        self.stops = stops
        self.names = names
        self.vanished: list[SourceError] = []  # raised once nothing else is wrong

    def codes(
        self, table: CommentedMap, key: str, codes: tuple[merge.MergedCode, ...]
    ) -> None:
        """A table's entries: the documented codes in the documentation's order,
        each other entry retired, observed or vanished (a mistake)."""
        old: CommentedSeq = table["codes"]
        by_code = {str(entry["code"]): entry for entry in old}
        listed = {found.code for found in codes}
        gone = [entry for code, entry in by_code.items() if code not in listed]
        integer = all(naming.is_integer_code(found.code) for found in codes) and all(
            naming.is_integer_code(str(entry["code"])) for entry in gone
        )
        documented: list[CommentedMap] = []
        for found in codes:
            with self.stops.unit(f"{key} {found.code}"):
                entry = self.code(key, by_code.get(found.code), found)
                set_value(entry, "code", int(found.code) if integer else found.code)
                documented.append(entry)
        for entry in gone:
            code = str(entry["code"])
            self.undocumented(entry, f"{key} {code}", f"of table '{key}'")
            set_value(entry, "code", int(code) if integer else code)
            set_value(entry, "family", naming.family_of(code))
        synced = _in_place(old, documented, gone)
        if integer:
            synced.sort(key=lambda entry: int(entry["code"]))
        # Rebuild the list only when the order changed, so comments stay in place.
        if [id(entry) for entry in synced] != [id(entry) for entry in old]:
            table["codes"] = CommentedSeq(synced)

    def code(
        self, key: str, entry: CommentedMap | None, found: merge.MergedCode
    ) -> CommentedMap:
        """A documented code's entry, its documentation fields refreshed (added when new)."""
        label = f"{key} {found.code}"
        if entry is None:
            product = found.products[0] if found.products else None
            entry = new_entry(
                self.spec, key, found.code, found.description, product, self.names
            )
            where = ", ".join(found.endpoints) or ", ".join(found.products)
            self.report.append(f"added {label} ({where})")
        elif entry.get("retired"):
            self.restore(entry, found, label)
        else:
            if entry.get("evidence") and not entry.get("pages"):
                self.report.append(
                    f"now documented {label} (was only observed in responses)"
                )
            _report_changes(entry, found, label, self.report)
        stamp_history(self.spec, entry, found)
        set_value(entry, "description", found.description)
        set_optional(entry, "description_zh", found.description_zh)
        set_optional(entry, "condition", found.condition)
        set_optional(entry, "condition_zh", found.condition_zh)
        set_list(entry, "products", list(found.products))
        set_list(entry, "endpoints", list(found.endpoints))
        set_list(entry, "pages", list(found.pages))
        set_list(entry, "spellings", list(found.spellings))
        set_optional(entry, "variants", _variants(found.variants))
        set_value(entry, "family", naming.family_of(found.code))
        return entry

    def undocumented(self, entry: CommentedMap, label: str, where: str) -> None:
        """An entry no page lists: observed in responses (curated), retired, or a
        code that vanished, which stops the sync until the spec retires it."""
        if entry.get("evidence"):
            for field in ("pages", "endpoints", "spellings", "variants"):
                entry.pop(field, None)
        elif entry.get("retired") or self.retire_vanished:
            place(entry, "retired", True)
            self.retire(entry, label)
        else:
            code = str(entry["code"])
            self.vanished.append(
                SourceError(
                    self.spec_path,
                    entry.lc.line + 1,
                    f"code '{code}' {where} is no longer in the documentation; "
                    "published names are an API: mark it 'retired: true' to keep it",
                )
            )

    def retire(self, entry: CommentedMap, label: str) -> None:
        """A code the spec retires and the pages no longer list: it keeps its last pages
        and texts; the first sync without it dates its removal by the pages' source."""
        if "removed" in entry:
            return
        pages = [str(page) for page in entry.get("pages") or ()]
        stamp = source_stamp(self.spec, pages[0] if pages else None)
        if stamp is not None and entry.get("since"):
            place(entry, "removed", flow_map(stamp))
        when = f" as of {stamp['date']}" if stamp is not None else ""
        self.report.append(f"retired {label}: no page lists it any more{when}")

    def restore(self, entry: CommentedMap, found: merge.MergedCode, label: str) -> None:
        """A retired code XT documents again: current once more, with its name,
        class and first `since`; the time it was gone stays in its `gaps`."""
        del entry["retired"]
        removed = entry.pop("removed", None)
        restored = source_stamp(self.spec, found.pages[0] if found.pages else None)
        if removed is not None and restored is not None:
            dating.add_gap(entry, dict(removed), restored)
        since = f" (retired since {removed['date']})" if removed is not None else ""
        self.report.append(f"documented again {label}{since}")


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
