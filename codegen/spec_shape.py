"""The shape a spec file must have: its sections' fields, their types and which
are required, and the checks of each item, each mistake one `SourceError` at
its line (`codegen.spec` reads the file and calls `check`)."""

from __future__ import annotations

import re

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from codegen import defaults, merge, naming
from codegen.errors import SourceError, Stops

Fields = dict[str, tuple[type | None, ...]]  # a field -> the types its value may have

_TOP_FIELDS: Fields = {
    "title": (str,),
    "site_url": (str,),
    "sources": (dict,),
    "products": (dict,),
    "pages": (dict,),
    "kinds": (dict,),
    "tables": (dict,),
    "errata": (list,),
    "history_errata": (list,),
    "fallbacks": (list,),
}
_SOURCE_FIELDS: Fields = {
    "title": (str,),
    "upstream": (str,),
    "commit": (str,),
    "date": (str,),
    "mirror_of": (str, None),
}
_PRODUCT_FIELDS: Fields = {
    "title": (str,),
    "title_zh": (str, None),
    # the pages of a spec written before `pages`: the sync moves them there
    "en": (str, None),
    "zh": (str, None),
}
_PAGE_FIELDS: Fields = {
    "product": (str,),
    "source": (str, None),
    "upstream": (
        str,
    ),  # its path in the source's repository, as spec/history's manifest names it
    "upstream_zh": (str,),
    "title": (str, None),
    "zh": (str, None),
    "endpoint": (str, None),
}
_ERRATUM_FIELDS: Fields = {
    "code": (str, int),
    "page": (str,),
    "texts": (list,),
    "stands": (str,),
    "missing_in": (str,),
    "spelling_of": (str,),
    "as_written": (bool,),
    "wrong_in": (str,),
    "revision": (str,),  # a past page, in spec/history/
    "row": (str,),
    "joins": (bool,),
    "heads": (
        bool,
        str,
    ),  # true, or the table the row heads when the page names another
    "why": (str,),
}
_ROUTE_FIELDS: Fields = {
    "header": (str,),
    "rows": (str,),
    "codes": (str,),  # a pattern of the codes it takes, such as GATEWAY_*
    "pages": (
        str,
    ),  # a pattern of the pages whose rows it takes, such as xt-websocket-*
    "description": (
        str,
    ),  # the column of the description, for a table of more than two
}
_FALLBACK_FIELDS: Fields = {
    "pattern": (str,),
    "kind": (str,),
}
_KIND_FIELDS: Fields = {
    "exception": (str, None),
    "parent": (str, None),
    "retryable": (bool,),
    "summary": (str,),
    "hint": (str,),
}
_TABLE_FIELDS: Fields = {
    "title": (str,),
    "title_zh": (str, None),
    "enum": (str,),
    "role": (str,),
    "from": (list,),
    "codes": (list,),
}
_ENTRY_FIELDS: Fields = {
    "code": (int, str),
    "description": (str,),
    "description_zh": (str,),
    "products": (list,),
    "endpoints": (list,),
    "pages": (list,),
    "spellings": (list,),
    "variants": (list,),
    "family": (str, None),
    "since": (dict,),
    "changes": (list,),
    "removed": (dict,),
    "evidence": (str,),
    "name": (str,),
    "exception": (str, None),
    "kind": (str,),
    "retryable": (bool,),
    "hint": (str,),
    "retired": (bool,),
    "aliases": (list,),
}
_STAMP_FIELDS: Fields = {"date": (str,), "commit": (str,)}
_CHANGE_FIELDS: Fields = {
    **_STAMP_FIELDS,
    "language": (str,),
    "from": (str,),
    "to": (str,),
}
_VARIANT_FIELDS: Fields = {
    "pages": (list,),
    "products": (list,),  # a spec written before `pages`: the sync rewrites it
    "description": (str,),
    "description_zh": (str,),
    "duplicate": (bool,),
}
_REQUIRED = {
    "top": ("title", "site_url", "kinds", "tables"),
    "source": ("title", "upstream", "commit", "date"),
    "kind": ("exception", "summary", "retryable", "hint"),
    "table": ("title", "enum", "role", "codes"),
    # an observed code (`evidence`) has no page; the sync checks the others have one
    "entry": ("code", "description", "name", "exception", "kind"),
    "product": ("title",),
    "page": ("product",),
    "erratum": ("why",),
    "route": ("header",),
    "fallback": ("pattern", "kind"),
    "variant": ("description",),
    "stamp": ("date", "commit"),
    "change": ("date", "commit", "language", "to"),
}


def _check_section(
    spec: CommentedMap, section: str, fields: Fields, kind: str, path: str, stops: Stops
) -> None:
    """Each value of the mapping `spec[section]` is a mapping of `fields`."""
    for name, item in spec[section].items():
        with stops.unit(f"{kind} {name}"):
            if not isinstance(item, CommentedMap):
                raise SourceError(
                    path,
                    key_line(spec[section], name),
                    f"{kind} '{name}' must be a mapping",
                )
            _check_fields(item, fields, _REQUIRED[kind], f"{kind} '{name}'", path)


def _check_table(key: str, table: CommentedMap, path: str, stops: Stops) -> None:
    with stops.unit(f"table {key}"):
        _check_routes(key, table, path)
    codes = table["codes"]
    for index in range(len(codes)):
        with stops.unit(f"table {key} {index}"):
            _check_entry(key, codes, index, path)


def _check_entry(key: str, codes: CommentedSeq, index: int, path: str) -> None:
    """The code at `index` of table `key`."""
    entry = codes[index]
    if not isinstance(entry, CommentedMap):
        line = codes.lc.item(index)[0] + 1
        raise SourceError(path, line, f"table '{key}': each code must be a mapping")
    what = f"table '{key}' code '{_shown_code(entry.get('code'))}'"
    _check_fields(entry, _ENTRY_FIELDS, _REQUIRED["entry"], what, path)
    _check_numbers(entry, what, path)
    _check_strings(
        entry,
        ("products", "endpoints", "pages", "spellings", "aliases"),
        what,
        path,
    )
    _check_items(entry, "variants", _VARIANT_FIELDS, "variant", what, path)
    _check_items(entry, "changes", _CHANGE_FIELDS, "change", what, path)
    for field in ("since", "removed"):
        if field in entry:
            _check_fields(
                entry[field],
                _STAMP_FIELDS,
                _REQUIRED["stamp"],
                f"{what}, {field}",
                path,
            )


def _check_routes(key: str, table: CommentedMap, path: str) -> None:
    """The table's role and its `from` rules."""
    if table["role"] not in defaults.ROLES:
        raise SourceError(
            path,
            key_line(table, "role"),
            f"table '{key}': role must be one of {', '.join(defaults.ROLES)}",
        )
    _check_items(table, "from", _ROUTE_FIELDS, "route", f"table '{key}'", path)
    for rule in table.get("from") or ():
        if rule.get("rows", "all") not in ("all", "integers", "names"):
            raise SourceError(
                path,
                key_line(rule, "rows"),
                f"table '{key}': rows must be all, integers or names",
            )


def _check_erratum(erratum: CommentedMap, path: str) -> None:
    """An erratum is one of a few forms; each says how one kind of mistake is resolved."""
    if "revision" in erratum:  # a broken table of a past page
        heads = erratum.get("heads") not in (None, False)
        if (
            "row" not in erratum
            or [erratum.get("joins") is True, heads].count(True) != 1
        ):
            raise SourceError(
                path,
                erratum.lc.line + 1,
                f"erratum for revision {erratum['revision']}: give the broken 'row' and either "
                "'joins: true' (it continues the table above a blank line) or 'heads: true' "
                "(it heads a table that has no separator row; or the key of the table it heads)",
            )
        return
    what = f"erratum for '{erratum.get('code', erratum.get('page'))}'"
    line = erratum.lc.line + 1
    _check_strings(erratum, ("texts",), what, path)
    forms = ("stands", "missing_in", "spelling_of", "as_written", "wrong_in")
    resolutions = [field for field in forms if field in erratum]
    if len(resolutions) != 1 or not ("code" in erratum or "page" in erratum):
        raise SourceError(
            path,
            line,
            f"{what}: give a code with 'stands' (the text that stands of a code listed twice), "
            "'missing_in' (the language whose page lacks its row), 'spelling_of' (the code "
            "it is another spelling of), 'as_written: true' (an odd code read as XT writes "
            "it) or 'wrong_in' (the language of its `texts` a page gives wrongly); or a page "
            "with 'missing_in' (the page has no twin in that language)",
        )
    if "page" in erratum and "code" not in erratum and "missing_in" not in erratum:
        raise SourceError(
            path,
            line,
            f"{what}: a page's erratum says which twin is missing ('missing_in')",
        )
    if erratum.get("as_written") is False:
        raise SourceError(
            path,
            key_line(erratum, "as_written"),
            f"{what}: as_written can only be true",
        )
    if (
        "code" in erratum
        and not {"spelling_of", "as_written"} & set(erratum)
        and "texts" not in erratum
    ):
        raise SourceError(
            path,
            line,
            f"{what}: missing field 'texts' (the rows' texts, in page order)",
        )
    if "stands" in erratum and erratum["stands"] not in erratum["texts"]:
        raise SourceError(
            path,
            key_line(erratum, "stands"),
            f"{what}: 'stands' must be one of its texts",
        )
    if "page" in erratum and "code" in erratum and "wrong_in" not in erratum:
        raise SourceError(
            path, line, f"{what}: only a wrong text names both a code and a page"
        )
    for field in ("missing_in", "wrong_in"):
        if erratum.get(field, "en") not in merge.LANGUAGES:
            raise SourceError(
                path, key_line(erratum, field), f"{what}: {field} must be en or zh"
            )


def _check_items(
    mapping: CommentedMap,
    field: str,
    fields: Fields,
    kind: str,
    what: str,
    path: str,
) -> None:
    """Each item of the list `mapping[field]` is a mapping of `fields`."""
    items = mapping.get(field)
    for index, item in enumerate(items or ()):
        if not isinstance(item, CommentedMap):
            line = items.lc.item(index)[0] + 1
            raise SourceError(
                path, line, f"{what}: each of '{field}' must be a mapping"
            )
        _check_fields(item, fields, _REQUIRED[kind], f"{what}, {field}", path)
        lists = tuple(name for name in ("pages", "products") if name in fields)
        _check_strings(item, lists, f"{what}, {field}", path)


def _check_strings(
    mapping: CommentedMap, fields: tuple[str, ...], what: str, path: str
) -> None:
    for field in fields:
        for value in mapping.get(field) or ():
            if not _is_a(value, str):
                raise SourceError(
                    path,
                    key_line(mapping, field),
                    f"{what}: '{field}' must list strings, not {_describe(value)}",
                )


# An absolute http(s) URL ending in '/', of characters that need no escaping in
# HTML, YAML or Python: docs_url is this plus a page and an anchor.
_SITE_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?/(?:[A-Za-z0-9._~%-]+/)*"
)


def _check_site_url(spec: CommentedMap, path: str) -> None:
    if not _SITE_URL.fullmatch(spec["site_url"]):
        raise SourceError(
            path,
            key_line(spec, "site_url"),
            "site_url must be an absolute http(s) URL ending in '/', of letters, digits and "
            "'.-_~%' only (no quotes, spaces, '<>', query or fragment)",
        )


def _check_numbers(entry: CommentedMap, what: str, path: str) -> None:
    code = entry["code"]
    fits = not isinstance(code, int) or -(2**63) <= code < 2**63
    problem = (
        naming.code_problem(str(code))
        if fits
        else "an integer code must fit in 64 bits"
    )
    if problem is not None:
        raise SourceError(path, key_line(entry, "code"), f"{what}: {problem}")


def _shown_code(code: object) -> str:
    """A code as text; an int too long for str() (over 4,300 digits) by its size."""
    if (
        isinstance(code, int) and code.bit_length() > 64
    ):  # ruamel's HexInt and the like too
        return f"<an integer of {code.bit_length()} bits>"
    return str(code)


def _check_fields(
    mapping: CommentedMap,
    fields: Fields,
    required: tuple[str, ...],
    what: str,
    path: str,
) -> None:
    for field, value in mapping.items():
        if field not in fields:
            known = ", ".join(fields)
            raise SourceError(
                path,
                key_line(mapping, field),
                f"{what}: unknown field '{field}' (known: {known})",
            )
        allowed = fields[field]
        if not any(_is_a(value, kind) for kind in allowed):
            names = " or ".join(
                "null" if kind is None else _TYPE_NAMES[kind] for kind in allowed
            )
            raise SourceError(
                path,
                key_line(mapping, field),
                f"{what}: '{field}' must be {names}, not {_describe(value)}",
            )
    for field in required:
        if field not in mapping:
            raise SourceError(
                path, mapping.lc.line + 1, f"{what}: missing field '{field}'"
            )


_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    bool: "true or false",
    dict: "a mapping",
    list: "a list",
}


def _is_a(value: object, kind: type | None) -> bool:
    if kind is None:
        return value is None
    if isinstance(value, bool):
        return kind is bool
    if kind is str:
        return type(value) is str or type(value).__name__.endswith("ScalarString")
    return isinstance(value, kind)


def _describe(value: object) -> str:
    if value is None:
        return "null"
    for kind, name in _TYPE_NAMES.items():
        if _is_a(value, kind):
            return name
    return f"a YAML {type(value).__name__}"


def check(spec: CommentedMap, path: str) -> None:
    """Check the shape of a parsed spec (fields, types, required fields), in place:
    the optional sections are added empty. Each item is checked on its own, so a
    maintainer sees every mistake at once (SourceErrors)."""
    _check_fields(spec, _TOP_FIELDS, _REQUIRED["top"], "the spec", path)
    _check_site_url(spec, path)
    for section in (
        "sources",
        "products",
        "pages",
    ):  # optional sections, kept in this order
        if section not in spec:
            spec.insert(list(spec).index("kinds"), section, CommentedMap())
    # Each item is checked on its own: a maintainer sees every mistake at once.
    stops = Stops()
    _check_section(spec, "sources", _SOURCE_FIELDS, "source", path, stops)
    _check_section(spec, "products", _PRODUCT_FIELDS, "product", path, stops)
    _check_section(spec, "pages", _PAGE_FIELDS, "page", path, stops)
    _check_section(spec, "kinds", _KIND_FIELDS, "kind", path, stops)
    _check_section(spec, "tables", _TABLE_FIELDS, "table", path, stops)
    for key, table in spec["tables"].items():
        if f"table {key}" not in stops.failed:
            _check_table(str(key), table, path, stops)
    for section in ("errata", "history_errata"):
        with stops.unit(section):
            _check_items(spec, section, _ERRATUM_FIELDS, "erratum", "the spec", path)
        for index, erratum in enumerate(spec.get(section) or ()):
            if section not in stops.failed:
                with stops.unit(f"{section} {index}"):
                    _check_erratum(erratum, path)
    with stops.unit("fallbacks"):
        _check_items(spec, "fallbacks", _FALLBACK_FIELDS, "fallback", "the spec", path)
    stops.raise_any()


def key_line(mapping: CommentedMap, key: object) -> int:
    """The spec line of `key` in `mapping` (the mapping's own line when the key
    has none yet), for messages that point at a field."""
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (KeyError, TypeError, AttributeError):
        return int(getattr(mapping.lc, "line", 0) or 0) + 1
