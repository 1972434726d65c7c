"""The shape a spec file must have, each mistake one `SourceError` at its line.

The fields of each section, their types, which are required and what their
items are, are declared once in `codegen.spec.fields`; this module checks a
parsed spec against them, and adds the checks that span fields (an erratum's
form, a table's rules, the site's address). `codegen.spec.file` reads the
file and calls `check`.
"""

from __future__ import annotations

import re

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from codegen import model
from codegen.errors import SourceError, Stops
from codegen.spec import fields
from codegen.spec.fields import Field, Section

LANGUAGES = ("en", "zh")


def _check_section(
    spec: CommentedMap,
    section: str,
    shape: Section,
    kind: str,
    path: str,
    stops: Stops,
) -> None:
    """Each value of the mapping `spec[section]` is a mapping of `shape`."""
    for name, item in spec[section].items():
        with stops.unit(f"{kind} {name}"):
            if not isinstance(item, CommentedMap):
                raise SourceError(
                    path,
                    key_line(spec[section], name),
                    f"{kind} '{name}' must be a mapping",
                )
            _check_fields(item, shape, f"{kind} '{name}'", path)


def _check_table(key: str, table: CommentedMap, path: str, stops: Stops) -> None:
    with stops.unit(f"table {key}"):
        _check_routes(key, table, path)
    codes = table["codes"]
    first: dict[str, int] = {}  # a code -> the line of its entry
    for index in range(len(codes)):
        with stops.unit(f"table {key} {index}"):
            entry = codes[index]
            line = codes.lc.item(index)[0] + 1
            if not isinstance(entry, CommentedMap):
                raise SourceError(
                    path, line, f"table '{key}': each code must be a mapping"
                )
            what = f"table '{key}' code '{_shown_code(entry.get('code'))}'"
            _check_fields(entry, fields.ENTRY, what, path)
            earlier = first.setdefault(_shown_code(entry["code"]), line)
            if earlier != line:
                raise SourceError(
                    path,
                    line,
                    f"{what} is entered twice (first on line {earlier}): keep one "
                    "entry, with the curated fields of both",
                )


def _check_routes(key: str, table: CommentedMap, path: str) -> None:
    """The table's role and its `from` rules."""
    if table["role"] not in model.ROLES:
        raise SourceError(
            path,
            key_line(table, "role"),
            f"table '{key}': role must be one of {', '.join(model.ROLES)}",
        )
    _check_items(table, "from", fields.ROUTE, f"table '{key}'", path)
    for rule in table.get("from") or ():
        if rule.get("rows", "all") not in ("all", "integers", "names"):
            raise SourceError(
                path,
                key_line(rule, "rows"),
                f"table '{key}': rows must be all, integers or names",
            )


def _check_erratum(erratum: CommentedMap, path: str) -> None:
    """An erratum is one of a few forms; each says how one kind of mistake is resolved.

    The forms' rules are listed one after the other, each with the message that
    tells a maintainer how to write it: kept in one place, they read as the list
    of forms MAINTAINING.md describes.
    """
    if "revision" in erratum and erratum.get("skip") is True:  # a wrong revision
        if "page" not in erratum:
            raise SourceError(
                path,
                erratum.lc.line + 1,
                f"erratum for revision {erratum['revision']}: name the 'page' whose "
                "revision of that commit is set aside",
            )
        return
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
                "(it heads a table that has no separator row; or the key of the table it heads); "
                "or 'page' and 'skip: true' (that page's revision of the commit is wrong: set aside)",
            )
        return
    what = f"erratum for '{erratum.get('code', erratum.get('page'))}'"
    line = erratum.lc.line + 1
    forms = (
        "stands",
        "missing_in",
        "spelling_of",
        "as_written",
        "stands_for",
        "swapped",
        "endpoint",
        "wrong_in",
    )
    resolutions = [field for field in forms if field in erratum]
    if len(resolutions) != 1 or not ("code" in erratum or "page" in erratum):
        raise SourceError(
            path,
            line,
            f"{what}: give a code with 'stands' (the text that stands of a code listed twice), "
            "'missing_in' (the language whose page lacks its row), 'spelling_of' (the code "
            "it is another spelling of), 'as_written: true' (an odd code read as XT writes "
            "it), 'stands_for' (the code a row's code cell, holding no code, stands for), "
            "'swapped: true' (a row gives the code in its text cell and its text in the "
            "code's) or 'wrong_in' (the language of its `texts` a page gives wrongly); or "
            "a page with 'missing_in' (the page has no twin in that language) or "
            "'endpoint' (the page documents it, as another page does too)",
        )
    if (
        "page" in erratum
        and "code" not in erratum
        and not {"missing_in", "endpoint"} & set(erratum)
    ):
        raise SourceError(
            path,
            line,
            f"{what}: a page's erratum says which twin is missing ('missing_in') "
            "or which endpoint it shares ('endpoint')",
        )
    for flag in ("as_written", "swapped"):
        if erratum.get(flag) is False:
            raise SourceError(
                path, key_line(erratum, flag), f"{what}: {flag} can only be true"
            )
    if (
        "code" in erratum
        and not {"spelling_of", "as_written", "stands_for", "swapped"} & set(erratum)
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
        if erratum.get(field, "en") not in LANGUAGES:
            raise SourceError(
                path, key_line(erratum, field), f"{what}: {field} must be en or zh"
            )


def _check_items(
    mapping: CommentedMap, field: str, shape: Section, what: str, path: str
) -> None:
    """Each item of the list `mapping[field]` is a mapping of `shape`."""
    items = mapping.get(field)
    for index, item in enumerate(items or ()):
        if not isinstance(item, CommentedMap):
            line = items.lc.item(index)[0] + 1
            raise SourceError(
                path, line, f"{what}: each of '{field}' must be a mapping"
            )
        _check_fields(item, shape, f"{what}, {field}", path)


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


def _shown_code(code: object) -> str:
    """A code as text; an int too long for str() (over 4,300 digits) by its size."""
    if (
        isinstance(code, int) and code.bit_length() > 64
    ):  # ruamel's HexInt and the like too
        return f"<an integer of {code.bit_length()} bits>"
    return str(code)


def _check_fields(
    mapping: CommentedMap, shape: Section, what: str, path: str, nested: bool = True
) -> None:
    """`mapping` has only the fields of `shape`, each of its types, the required
    ones among them, and (when `nested`) each field's items and value are as
    `shape` says."""
    by_name = {field.name: field for field in shape}
    for name, value in mapping.items():
        field = by_name.get(name)
        if field is None:
            known = ", ".join(fields.names(shape))
            raise SourceError(
                path,
                key_line(mapping, name),
                f"{what}: unknown field '{name}' (known: {known})",
            )
        _check_value(mapping, field, value, what, path, nested)
    for field in shape:
        if field.required and field.name not in mapping:
            raise SourceError(
                path, mapping.lc.line + 1, f"{what}: missing field '{field.name}'"
            )


def _check_value(
    mapping: CommentedMap,
    field: Field,
    value: object,
    what: str,
    path: str,
    nested: bool,
) -> None:
    if not any(_is_a(value, kind) for kind in field.types):
        names = " or ".join(
            "null" if kind is None else _TYPE_NAMES[kind] for kind in field.types
        )
        raise SourceError(
            path,
            key_line(mapping, field.name),
            f"{what}: '{field.name}' must be {names}, not {_describe(value)}",
        )
    if not nested:
        return
    if field.shape is str:
        for item in value or ():  # type: ignore[attr-defined]
            if not _is_a(item, str):
                raise SourceError(
                    path,
                    key_line(mapping, field.name),
                    f"{what}: '{field.name}' must list strings, not {_describe(item)}",
                )
    elif isinstance(field.shape, tuple):
        if isinstance(value, CommentedMap):
            _check_fields(value, field.shape, f"{what}, {field.name}", path)
        elif isinstance(value, CommentedSeq):
            _check_items(mapping, field.name, field.shape, what, path)
    if field.check is not None:
        problem = field.check(value)
        if problem is not None:
            raise SourceError(path, key_line(mapping, field.name), f"{what}: {problem}")


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
    # The sections' items are checked below, each on its own.
    _check_fields(spec, fields.TOP, "the spec", path, nested=False)
    _check_site_url(spec, path)
    for section in ("sources", "products", "pages", "endpoints"):  # optional, in order
        if section not in spec:
            spec.insert(list(spec).index("kinds"), section, CommentedMap())
    # Each item is checked on its own: a maintainer sees every mistake at once.
    stops = Stops()
    _check_section(spec, "sources", fields.SOURCE, "source", path, stops)
    _check_section(spec, "products", fields.PRODUCT, "product", path, stops)
    _check_section(spec, "pages", fields.PAGE, "page", path, stops)
    _check_section(spec, "endpoints", fields.ENDPOINT, "endpoint", path, stops)
    _check_section(spec, "kinds", fields.KIND, "kind", path, stops)
    _check_section(spec, "tables", fields.TABLE, "table", path, stops)
    for key, table in spec["tables"].items():
        if f"table {key}" not in stops.failed:
            _check_table(str(key), table, path, stops)
    for section in ("errata", "history_errata"):
        with stops.unit(section):
            _check_items(spec, section, fields.ERRATUM, "the spec", path)
        for index, erratum in enumerate(spec.get(section) or ()):
            if section not in stops.failed:
                with stops.unit(f"{section} {index}"):
                    _check_erratum(erratum, path)
    with stops.unit("fallbacks"):
        _check_items(spec, "fallbacks", fields.FALLBACK, "the spec", path)
    stops.raise_any()


def key_line(mapping: CommentedMap, key: object) -> int:
    """The spec line of `key` in `mapping` (the mapping's own line when the key
    has none yet), for messages that point at a field."""
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (KeyError, TypeError, AttributeError):
        return int(getattr(mapping.lc, "line", 0) or 0) + 1
