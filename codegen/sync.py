"""Stage 3: keep the spec's documentation fields in sync with XT's pages.

Each sync refreshes the fields the documentation owns (`spec.DOC_FIELDS`)
and leaves every curated field, and its comments, as it was. Pages are
paired, routed and merged by `codegen.merge`; codes new in the documentation
arrive with the guesses of `codegen.defaults`; a code that vanished from the
documentation stops the sync unless the spec marks it `retired`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from codegen import (
    defaults,
    document,
    merge,
    model,
    naming,
    page_pairs,
    rules,
    sync_history,
)
from codegen.errors import SourceError, Stops
from codegen.spec_edit import (
    flow,
    flow_map,
    insert,
    new_entry,
    plain,
    set_list,
    set_optional,
    set_value,
)
from codegen.spec_shape import key_line
from codegen.sync_history import source_stamp, stamp_history


@dataclass(frozen=True)
class Synced:
    """What a sync tells: its report, and where the pages document each code."""

    report: list[str]  # one line per page, table or code added, changed or retired
    places: dict[tuple[str, str], model.Place]  # (table, code) -> its standing text's line


def sync(
    spec: CommentedMap,
    pages: list[document.Page],
    spec_path: str,
    reserved: Collection[str] = (),
) -> Synced:
    """Bring the spec's documentation fields in line with the pages, in place.

    The report holds one line per page, table or code added, text changed,
    product gained or lost, or code retired, for the maintainer to read, then
    the codes still to curate. `reserved` holds the names the package defines
    itself, which a new table's enum must not take. The mistakes of every page
    and code are raised together (SourceErrors).
    """
    report: list[str] = []
    places: dict[tuple[str, str], model.Place] = {}
    stops = Stops()
    vanished: list[SourceError] = []
    dated = sync_history.stamps_in_use(spec)
    page_pairs.move_pages_out_of_products(spec)
    pairs = page_pairs.pairs(spec, pages, report, stops)
    merged = merge.merge(pairs, routes(spec), errata(spec), spec_path, stops)
    for key, found in merged.items():
        table = spec["tables"].get(key)
        if table is None:
            table = _new_table(spec, key, found, reserved, report)
        set_value(table, "title", found.title)
        set_optional(table, "title_zh", found.title_zh, before="enum")
        _sync_codes(spec, table, key, found.codes, spec_path, report, stops, vanished)
        places.update(
            ((key, code.code), model.Place(code.path, code.line)) for code in found.codes
        )
    for key, table in spec["tables"].items():
        if key not in merged:
            _sync_codes(spec, table, key, (), spec_path, report, stops, vanished)
    # Which codes vanished is known only once every page has been read and merged.
    if not stops.errors:
        stops.errors.extend(vanished)
    stops.raise_any()
    return Synced(sync_history.unmoved_sources(spec, dated) + report, places)


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
            guesses = [
                f"{what} {value}"
                for what, value, guess in (
                    ("class", entry.get("exception"), defaults.exception_name(code, table["role"])),
                    ("kind", entry.get("kind"), defaults.kind_for(code, str(entry["description"]), table["role"])),
                )
                if value == guess
            ]
            still = f" (still the guessed {' and '.join(guesses)})" if guesses else ""
            # A code this very run added has no line yet: its table's stands in.
            line = entry.lc.line + 1 if entry.lc.line is not None else key_line(spec["tables"], key)
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
    role = defaults.role_for(key)
    wanted = defaults.enum_name(key, role)
    taken = set(reserved) | {str(table["enum"]) for table in spec["tables"].values()}
    enum = defaults.free_name(wanted, taken)
    table = CommentedMap()
    table["title"] = found.title
    table["enum"] = enum
    table["role"] = role
    table["codes"] = CommentedSeq()
    spec["tables"][key] = table
    note = f" ({wanted} is a name of the package itself)" if enum != wanted else ""
    report.append(f"new table {key} ({enum}){note}")
    return table


def routes(spec: CommentedMap) -> list[rules.Route]:
    """The spec's `from` rules, a route per rule; a table without any takes its own header."""
    routes = []
    for key, table in spec["tables"].items():
        from_rules = table.get("from")
        if from_rules is None:
            routes.append(rules.Route(str(key), str(key)))
            continue
        routes.extend(
            rules.Route(
                str(key),
                rule["header"],
                rule.get("rows", "all"),
                rule.get("codes"),
                rule.get("description"),
                rule.get("pages"),
            )
            for rule in from_rules
        )
    return routes


def errata(spec: CommentedMap, section: str = "errata") -> list[rules.Erratum]:
    """The errata of the spec's `section` (`errata`, or `history_errata` for past pages)."""
    found = []
    for index, entry in enumerate(spec.get(section) or ()):
        if "revision" in entry:
            continue  # a past page's broken table: see history_repairs
        found.append(
            rules.Erratum(
                code=str(entry["code"]) if "code" in entry else None,
                page=entry.get("page"),
                texts=tuple(entry.get("texts") or ()),
                stands=entry.get("stands"),
                missing_in=entry.get("missing_in"),
                spelling_of=entry.get("spelling_of"),
                as_written=entry.get("as_written", False),
                wrong_in=entry.get("wrong_in"),
                line=spec[section].lc.item(index)[0] + 1,
            )
        )
    return found


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
    gone = [entry for code, entry in by_code.items() if code not in {c.code for c in codes}]
    integer = all(naming.is_integer_code(found.code) for found in codes) and all(
        naming.is_integer_code(str(entry["code"])) for entry in gone
    )
    documented: list[CommentedMap] = []
    for found in codes:
        with stops.unit(f"{key} {found.code}"):
            entry = _sync_code(spec, table, key, by_code.get(found.code), found, spec_path, report)
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
        entry = new_entry(spec, table["role"], found)
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
    set_optional(entry, "description_zh", found.description_zh, before="products")
    set_list(entry, "products", list(found.products), before="family")
    set_list(entry, "endpoints", list(found.endpoints), before="family")
    set_list(entry, "pages", list(found.pages), before="family")
    set_list(entry, "spellings", list(found.spellings), before="family")
    set_optional(entry, "variants", _variants(found.variants), before="family")
    set_value(entry, "family", naming.family_of(found.code))
    return entry


def _retire(spec: CommentedMap, entry: CommentedMap, label: str, report: list[str]) -> None:
    """A code the spec retires and the pages no longer list: it keeps its last pages
    and texts; the first sync without it dates its removal by the pages' source."""
    if "removed" in entry:
        return
    pages = [str(page) for page in entry.get("pages") or ()]
    stamp = source_stamp(spec, pages[0] if pages else None)
    if stamp is not None and entry.get("since"):
        insert(entry, "removed", flow_map(stamp), before="name")
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
