"""Stage 3: keep the spec's documentation fields in sync with XT's pages.

Each sync refreshes the fields the documentation owns (`spec.DOC_FIELDS`)
and leaves every curated field, and its comments, as it was. Pages are
paired, routed and merged by `codegen.merge`; codes new in the documentation
arrive with the guesses of `codegen.defaults`; a code that vanished from the
documentation stops the sync unless the spec marks it `retired`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from codegen import defaults, document, history, merge, model, naming
from codegen.errors import SourceError, Stops
from codegen.spec import add_default_kind, key_line


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
    _move_pages_out_of_products(spec)
    pairs = _pairs(spec, pages, report, stops)
    merged = merge.merge(pairs, routes(spec), errata(spec), spec_path, stops)
    for key, found in merged.items():
        table = spec["tables"].get(key)
        if table is None:
            table = _new_table(spec, key, found, reserved, report)
        _set(table, "title", found.title)
        _set_optional(table, "title_zh", found.title_zh, before="enum")
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
    return Synced(report, places)


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


def _move_pages_out_of_products(spec: CommentedMap) -> None:
    """A spec written before `pages` names each product's two pages in the product."""
    for key, product in spec["products"].items():
        english, chinese = product.pop("en", None), product.pop("zh", None)
        if english is not None and english not in spec["pages"]:
            page = CommentedMap()
            page["product"] = str(key)
            if chinese is not None:
                page["zh"] = chinese
            spec["pages"][english] = page


def _pairs(
    spec: CommentedMap, pages: list[document.Page], report: list[str], stops: Stops
) -> list[merge.PagePair]:
    """Each English page with its Chinese twin and its product, in catalog order.

    A page the spec does not name yet is added to its `pages`: its language
    and twin guessed from its file name (`x.md` and `x.zh.md` or `x_cn.md`),
    its product from the endpoints of other pages or from its file name.
    """
    entries: CommentedMap = spec["pages"]
    twins = {
        str(entry["zh"]): str(name)
        for name, entry in entries.items()
        if entry.get("zh")
    }
    names = {page.name for page in pages}
    english: list[document.Page] = []
    chinese: dict[str, document.Page] = {}  # its English page's name -> a Chinese page
    for page in pages:
        if page.name in entries:
            english.append(page)
        elif page.name in twins:
            chinese[twins[page.name]] = page
        elif defaults.product_for(page.name).language == "en":
            english.append(page)
        else:
            twin_of = defaults.english_name(page.name, names | set(map(str, entries)))
            if twin_of is None:
                stops.errors.append(
                    SourceError(
                        page.path,
                        1,
                        "this Chinese page has no English page (x.md for x.zh.md or x_cn.md)",
                    )
                )
                continue
            chinese[twin_of] = page
    pairs = []
    for page in english:
        twin = chinese.pop(page.name, None)
        with stops.unit(page.name):
            pairs.append(_pair(spec, page, twin, report))
    for name, page in chinese.items():
        stops.errors.append(
            SourceError(
                page.path,
                1,
                f"this Chinese page's English page {name} is not among the pages",
            )
        )
    # Catalog order: the response-code pages of each product, then the endpoint
    # pages; each in product order, then as the spec lists them.
    products = {str(key): index for index, key in enumerate(spec["products"])}
    order = {str(name): index for index, name in enumerate(entries)}
    return sorted(
        pairs,
        key=lambda pair: (
            pair.endpoint is not None,
            products[pair.product],
            order[pair.key],
        ),
    )


def _pair(
    spec: CommentedMap,
    page: document.Page,
    twin: document.Page | None,
    report: list[str],
) -> merge.PagePair:
    """An English page with its twin, its spec entry refreshed (added when new)."""
    entry = spec["pages"].get(page.name)
    if entry is None:
        entry = _new_page(spec, page, report)
    if twin is not None and twin.endpoint != page.endpoint:
        raise SourceError(
            twin.path,
            1,
            f"this Chinese page documents {twin.endpoint or 'no endpoint'}, "
            f"its English page {page.path} {page.endpoint or 'no endpoint'}",
        )
    _set_optional(entry, "zh", twin.name if twin is not None else None, before="endpoint")
    _set_optional(entry, "endpoint", page.endpoint, before="title")
    return merge.PagePair(page.name, str(entry["product"]), page.endpoint, page, twin)


def _new_page(
    spec: CommentedMap, page: document.Page, report: list[str]
) -> CommentedMap:
    """A page the spec does not name yet, with its product guessed once: the
    product of pages with endpoints like its own, or the one its file name names,
    or a new product named after the file."""
    product = _product_of_endpoint(spec, page.endpoint) if page.endpoint else None
    if product is None:
        product = defaults.known_product(page.name, map(str, spec["products"]))
    if product is None:
        guess = defaults.product_for(page.name)
        product = guess.key
        if product not in spec["products"]:
            entry = CommentedMap()
            entry["title"] = guess.title
            spec["products"][product] = entry
            report.append(f"new product {product} ({page.name})")
    elif product not in spec["products"]:
        raise SourceError(
            page.path,
            1,
            f"product '{product}' of the pages is not in the spec's products",
        )
    entry = CommentedMap()
    entry["product"] = product
    spec["pages"][page.name] = entry
    report.append(
        f"new page {page.name} ({product}{', ' + page.endpoint if page.endpoint else ''})"
    )
    return entry


def _product_of_endpoint(spec: CommentedMap, endpoint: str) -> str | None:
    """The product of the pages whose endpoints start alike: /future/... pages are futures'."""
    prefix = endpoint.split(" ", 1)[-1].split("/")[1]
    for entry in spec["pages"].values():
        other = entry.get("endpoint")
        if other and str(other).split(" ", 1)[-1].split("/")[1] == prefix:
            return str(entry["product"])
    return None


def routes(spec: CommentedMap) -> list[merge.Route]:
    routes = []
    for key, table in spec["tables"].items():
        rules = table.get("from")
        if rules is None:
            routes.append(merge.Route(str(key), str(key)))
            continue
        routes.extend(
            merge.Route(
                str(key),
                rule["header"],
                rule.get("rows", "all"),
                rule.get("codes"),
                rule.get("description"),
                rule.get("pages"),
            )
            for rule in rules
        )
    return routes


def errata(spec: CommentedMap, section: str = "errata") -> list[merge.Erratum]:
    """The errata of the spec's `section` (`errata`, or `history_errata` for past pages)."""
    found = []
    for index, entry in enumerate(spec.get(section) or ()):
        if "revision" in entry:
            continue  # a past page's broken table: see history_repairs
        found.append(
            merge.Erratum(
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
            _set(entry, "code", int(found.code) if integer else found.code)
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
        _set(entry, "code", int(code) if integer else code)
        _set(entry, "family", naming.family_of(code))
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
        entry = _new_entry(spec, table["role"], found)
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
    _stamp_history(spec, entry, found)
    _set(entry, "description", found.description)
    _set_optional(entry, "description_zh", found.description_zh, before="products")
    _set_list(entry, "products", list(found.products), before="family")
    _set_list(entry, "endpoints", list(found.endpoints), before="family")
    _set_list(entry, "pages", list(found.pages), before="family")
    _set_list(entry, "spellings", list(found.spellings), before="family")
    _set_optional(entry, "variants", _variants(found.variants), before="family")
    _set(entry, "family", naming.family_of(found.code))
    return entry


def _retire(spec: CommentedMap, entry: CommentedMap, label: str, report: list[str]) -> None:
    """A code the spec retires and the pages no longer list: it keeps its last pages
    and texts; the first sync without it dates its removal by the pages' source."""
    if "removed" in entry:
        return
    pages = [str(page) for page in entry.get("pages") or ()]
    stamp = _source_stamp(spec, pages[0] if pages else None)
    if stamp is not None and entry.get("since"):
        _insert(entry, "removed", _flow_map(stamp), before="name")
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


def _stamp_history(
    spec: CommentedMap, entry: CommentedMap, found: merge.MergedCode
) -> None:
    """Date what this sync adds or changes by the sources of the pages that say so:
    a new code's `since`, a new text in `changes` (see codegen/history.py)."""
    stamp = _source_stamp(spec, found.pages[0] if found.pages else None)
    if stamp is None:
        return
    if "since" not in entry:
        _insert(entry, "since", _flow_map(stamp), before="name")
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
        _insert(entry, "changes", changes, before="name")
    changes.append(_flow_map(change))


def _source_stamp(spec: CommentedMap, page: object) -> dict[str, object] | None:
    """{date, commit} of the source of the spec's page `page`, when the spec names one."""
    entry = spec["pages"].get(page) if page is not None else None
    source = spec["sources"].get(entry.get("source")) if entry is not None else None
    if source is None:
        return None
    return {"date": str(source["date"]), "commit": str(source["commit"])}


def _flow_map(items: Mapping[str, object]) -> CommentedMap:
    mapping = CommentedMap(items)
    mapping.fa.set_flow_style()
    return mapping


def history_repairs(spec: CommentedMap) -> dict[str, list[tuple[int, document.Repair]]]:
    """The history errata that mend a past page's broken table: revision -> (spec line, repair)."""
    found: dict[str, list[tuple[int, document.Repair]]] = {}
    section: CommentedSeq = spec.get("history_errata") or CommentedSeq()
    for index, entry in enumerate(section):
        if "revision" in entry:
            heads = entry.get("heads")
            key = heads if isinstance(heads, str) else None
            repair = document.Repair(
                str(entry["row"]).strip(), bool(entry.get("joins")), key
            )
            line = section.lc.item(index)[0] + 1
            found.setdefault(str(entry["revision"]), []).append((line, repair))
    return found


def history_pages(spec: CommentedMap) -> dict[str, history.Page]:
    """The spec's pages by the upstream paths of their revisions (`upstream`,
    `upstream_zh`), ranked in catalog order for the replay."""
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
        for field, language in (("upstream", "en"), ("upstream_zh", "zh")):
            if page.get(field):
                found[str(page[field])] = history.Page(str(name), rank, language)
    return found


def apply_history(
    spec: CommentedMap,
    histories: dict[tuple[str, str], history.CodeHistory],
    report: list[str],
) -> None:
    """Write a replay's findings into the spec: each code's `since`, `changes` and
    `removed`. A code XT documented once and no longer is added, retired, with
    its last texts; curating its name, class and kind is left to a maintainer."""
    pages = spec["pages"]
    for (key, code), found in histories.items():
        table = spec["tables"].get(key)
        if table is None:
            continue  # a table no page of today routes anything to
        entry = next((e for e in table["codes"] if str(e["code"]) == code), None)
        if entry is None:
            if found.removed is None:
                continue  # documented today: the sync adds it
            entry = _retired_entry(spec, table, code, found)
            report.append(
                f"added {key} {code}, retired: documented {found.since.date} to {found.removed.date}"
            )
        for field in ("since", "changes", "removed"):  # written again, in this order
            entry.pop(field, None)
        _insert(entry, "since", _flow_map(found.since.as_dict()), before="name")
        for change in found.changes:
            stamp = change.stamp.as_dict()
            _add_change(
                entry,
                {
                    **stamp,
                    "language": change.language,
                    "from": change.before,
                    "to": change.after,
                },
            )
        if found.removed is not None:
            _insert(entry, "removed", _flow_map(found.removed.as_dict()), before="name")
        products = [
            str(pages[page]["product"]) for page in found.pages if page in pages
        ]
        if not entry.get("products"):
            _set_list(entry, "products", list(dict.fromkeys(products)), before="name")


def _retired_entry(
    spec: CommentedMap, table: CommentedMap, code: str, found: history.CodeHistory
) -> CommentedMap:
    english, chinese = found.texts.get("en"), found.texts.get("zh")
    description = english or chinese or ""
    merged = merge.MergedCode(code, description, chinese, (), (), (), (), (), "", 0)
    entry = _new_entry(spec, table["role"], merged)
    entry["code"] = code
    entry["description"] = description
    if chinese is not None:
        _insert(entry, "description_zh", chinese, before="products")
    entry["family"] = naming.family_of(code)
    entry["retired"] = True
    table["codes"].append(entry)
    return entry


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
    if _plain(entry.get("variants")) != _plain(_variants(found.variants)):
        report.append(f"changed {label} variants (other texts XT gives for it)")


def _variants(variants: tuple[model.Variant, ...]) -> CommentedSeq | None:
    if not variants:
        return None
    found = CommentedSeq()
    for variant in variants:
        item = CommentedMap()
        item["pages"] = _flow(list(variant.pages))
        item["description"] = variant.description
        if variant.description_zh is not None:
            item["description_zh"] = variant.description_zh
        if variant.duplicate:
            item["duplicate"] = True
        found.append(item)
    return found


def _plain(value: object) -> object:
    """Comparable plain data from ruamel's commented containers."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _flow(items: list[object]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _new_entry(spec: CommentedMap, role: str, found: merge.MergedCode) -> CommentedMap:
    kind = defaults.kind_for(found.code, found.description, role)
    if kind not in spec["kinds"]:
        add_default_kind(spec, kind)
    entry = CommentedMap()
    for field in ("code", "description", "products", "family"):
        entry[field] = None  # placeholders, so that every entry lists its fields alike
    entry["name"] = defaults.member_name(found.code, role)
    entry["exception"] = (
        None if kind == "success" else defaults.exception_name(found.code, role)
    )
    entry["kind"] = kind
    return entry


def _set(mapping: CommentedMap, key: str, value: object) -> None:
    # Assigning an equal value would still drop ruamel's formatting of it.
    if (
        key not in mapping
        or mapping[key] != value
        or type(mapping[key]) is not type(value)
    ):
        mapping[key] = value


def _set_list(mapping: CommentedMap, key: str, value: list[str], before: str) -> None:
    """Set a list the documentation owns; an empty one is left out (but `products`)."""
    if not value and key != "products":
        mapping.pop(key, None)
    elif _plain(mapping.get(key)) != value:
        _insert(mapping, key, _flow(list(value)), before)


def _set_optional(mapping: CommentedMap, key: str, value: object, before: str) -> None:
    """Set a field the documentation owns, or drop it when the documents give none."""
    if value is None:
        if key in mapping:
            del mapping[key]
    elif key not in mapping:
        _insert(mapping, key, value, before)
    elif _plain(mapping[key]) != _plain(value):
        mapping[key] = value


def _insert(mapping: CommentedMap, key: str, value: object, before: str) -> None:
    """Add or replace `key`, placed before `before` when new, so entries read alike."""
    if key in mapping:
        mapping[key] = value
    elif before in mapping:
        mapping.insert(list(mapping).index(before), key, value)
    else:
        mapping[key] = value
