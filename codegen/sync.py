"""Stage 3: keep the spec's documentation fields in sync with XT's pages.

Each sync refreshes the fields the documentation owns (`spec.DOC_FIELDS`)
and leaves every curated field, and its comments, as it was. Pages are
paired, routed and merged by `codegen.merge`; codes new in the documentation
arrive with the guesses of `codegen.defaults`; a code that vanished from the
documentation stops the sync unless the spec marks it `retired`.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from codegen import defaults, document, merge, model, naming
from codegen.errors import SourceError
from codegen.spec import add_default_kind, key_line


def sync(spec: CommentedMap, pages: list[document.Page], spec_path: str) -> list[str]:
    """Bring the spec's documentation fields in line with the pages, in place.

    Returns the sync report: one line per code added, text changed or
    product gained or lost, for the maintainer to read.
    """
    report: list[str] = []
    of_products = [_product_page(spec, page, report) for page in pages]
    routes = _routes(spec)
    errata = _errata(spec)
    merged = merge.merge(of_products, list(spec["products"]), routes, errata, spec_path)
    for key, found in merged.items():
        table = spec["tables"].get(key)
        if table is None:
            table = CommentedMap()
            role = defaults.role_for(key)
            table["title"] = found.title
            table["enum"] = defaults.enum_name(key, role)
            table["role"] = role
            table["codes"] = CommentedSeq()
            spec["tables"][key] = table
            report.append(f"new table {key} ({table['enum']})")
        _set(table, "title", found.title)
        _set_optional(table, "title_zh", found.title_zh, before="enum")
        _sync_codes(spec, table, key, found.codes, spec_path, report)
    for key, table in spec["tables"].items():
        if key not in merged:
            _sync_codes(spec, table, key, (), spec_path, report)
    return report


def _product_page(
    spec: CommentedMap, found: document.Page, report: list[str]
) -> merge.ProductPage:
    """The page with the product and language the spec gives it (guessed once if new)."""
    for key, product in spec["products"].items():
        for language in merge.LANGUAGES:
            if product.get(language) == found.name:
                return merge.ProductPage(found.path, str(key), language, found.tables)
    guess = defaults.product_for(found.name)
    product = spec["products"].get(guess.key)
    if product is None:
        product = CommentedMap()
        product["title"] = guess.title
        spec["products"][guess.key] = product
        report.append(f"new product {guess.key} ({found.name})")
    if product.get(guess.language) is not None:
        raise SourceError(
            found.path,
            1,
            f"product '{guess.key}' already has the {guess.language} page "
            f"{product[guess.language]}; name this page in the spec's products",
        )
    product[guess.language] = found.name
    return merge.ProductPage(found.path, guess.key, guess.language, found.tables)


def _routes(spec: CommentedMap) -> list[merge.Route]:
    routes = []
    for key, table in spec["tables"].items():
        rules = table.get("from")
        if rules is None:
            routes.append(merge.Route(str(key), str(key)))
            continue
        routes.extend(
            merge.Route(str(key), rule["header"], rule.get("rows", "all"))
            for rule in rules
        )
    return routes


def _errata(spec: CommentedMap) -> list[merge.Erratum]:
    found = []
    for index, entry in enumerate(spec.get("errata") or ()):
        found.append(
            merge.Erratum(
                code=str(entry["code"]),
                texts=tuple(entry["texts"]),
                stands=entry.get("stands"),
                missing_in=entry.get("missing_in"),
                line=spec["errata"].lc.item(index)[0] + 1,
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
) -> None:
    old: CommentedSeq = table["codes"]
    by_code = {str(entry["code"]): entry for entry in old}
    integer = all(naming.is_integer_code(found.code) for found in codes) and all(
        naming.is_integer_code(str(entry["code"]))
        for entry in old
        if entry.get("retired")
    )
    synced: list[CommentedMap] = []
    for found in codes:
        entry = by_code.pop(found.code, None)
        if entry is None:
            entry = _new_entry(spec, table["role"], found)
            report.append(f"added {key} {found.code} ({', '.join(found.products)})")
        elif entry.get("retired"):
            raise SourceError(
                spec_path,
                key_line(entry, "retired"),
                f"code '{found.code}' is marked retired but is documented again at "
                f"{found.path}:{found.line}; remove 'retired' to bring it back",
            )
        else:
            _report_changes(entry, found, f"{key} {found.code}", report)
        _set(entry, "code", int(found.code) if integer else found.code)
        _set(entry, "description", found.description)
        _set_list(entry, "products", list(found.products), before="document")
        _set_optional(entry, "description_zh", found.description_zh, before="products")
        _set_optional(entry, "variants", _variants(found.variants), before="document")
        _set(entry, "document", _document_name(found.path))
        _set(entry, "line", found.line)
        _set(entry, "family", naming.family_of(found.code))
        synced.append(entry)
    for code, entry in by_code.items():
        if not entry.get("retired"):
            raise SourceError(
                spec_path,
                entry.lc.line + 1,
                f"code '{code}' of table '{key}' is no longer in the documentation; "
                "published names are an API: mark it 'retired: true' to keep it",
            )
        _set(entry, "code", int(code) if integer else code)
        synced.append(entry)
    # Rebuild the list only when the order changed, so comments stay in place.
    if [id(entry) for entry in synced] != [id(entry) for entry in old]:
        table["codes"] = CommentedSeq(synced)


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
    old_products = list(entry.get("products") or ())
    if old_products and old_products != list(found.products):
        gained = [p for p in found.products if p not in old_products]
        lost = [p for p in old_products if p not in found.products]
        change = (
            ", ".join([*(f"+{p}" for p in gained), *(f"-{p}" for p in lost)])
            or "reordered"
        )
        report.append(f"changed {label} products: {change}")
    if _plain(entry.get("variants")) != _plain(_variants(found.variants)):
        report.append(f"changed {label} variants (other texts XT gives for it)")


def _variants(variants: tuple[model.Variant, ...]) -> CommentedSeq | None:
    if not variants:
        return None
    found = CommentedSeq()
    for variant in variants:
        item = CommentedMap()
        item["products"] = _flow(list(variant.products))
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
    for field in ("code", "description", "products", "document", "line", "family"):
        entry[field] = None
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


def _set_list(
    mapping: CommentedMap, key: str, value: list[object], before: str
) -> None:
    if _plain(mapping.get(key)) != value:
        _insert(mapping, key, _flow(value), before)


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


def _document_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]
