"""Stage 2: the canonical YAML spec, kept in sync with the documentation.

The spec is the one place maintainers edit. Each sync refreshes the fields
the documentation owns (`DOC_FIELDS`) and leaves every curated field, and
its comments, as it was. Codes new in the documentation arrive with the
guesses of `codegen.defaults`; a code that vanished from the documentation
stops the sync unless the spec marks it `retired`.

`build_catalog` then checks the spec as a whole (names, kinds, collisions)
and returns the frozen `model.Catalog` the renderers work from.
"""

from __future__ import annotations

import builtins
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError

from codegen import defaults, document, merge, model, naming
from codegen.errors import SourceError

# Fields the documentation owns; everything else in an entry is curated.
DOC_FIELDS = (
    "code",
    "description",
    "description_zh",
    "products",
    "variants",
    "document",
    "line",
    "family",
)

_TOP_FIELDS: dict[str, tuple[type | None, ...]] = {
    "title": (str,),
    "site_url": (str,),
    "products": (dict,),
    "kinds": (dict,),
    "tables": (dict,),
    "errata": (list,),
}
_PRODUCT_FIELDS: dict[str, tuple[type | None, ...]] = {
    "title": (str,),
    "title_zh": (str, None),
    "en": (str, None),
    "zh": (str, None),
}
_ERRATUM_FIELDS: dict[str, tuple[type | None, ...]] = {
    "code": (str, int),
    "texts": (list,),
    "stands": (str,),
    "missing_in": (str,),
    "why": (str,),
}
_ROUTE_FIELDS: dict[str, tuple[type | None, ...]] = {
    "header": (str,),
    "rows": (str,),
}
_KIND_FIELDS: dict[str, tuple[type | None, ...]] = {
    "exception": (str, None),
    "parent": (str, None),
    "retryable": (bool,),
    "summary": (str,),
    "hint": (str,),
}
_TABLE_FIELDS: dict[str, tuple[type | None, ...]] = {
    "title": (str,),
    "title_zh": (str, None),
    "enum": (str,),
    "role": (str,),
    "from": (list,),
    "codes": (list,),
}
_ENTRY_FIELDS: dict[str, tuple[type | None, ...]] = {
    "code": (int, str),
    "description": (str,),
    "description_zh": (str,),
    "products": (list,),
    "variants": (list,),
    "document": (str,),
    "line": (int,),
    "family": (str, None),
    "name": (str,),
    "exception": (str, None),
    "kind": (str,),
    "retryable": (bool,),
    "hint": (str,),
    "retired": (bool,),
    "aliases": (list,),
}
_VARIANT_FIELDS: dict[str, tuple[type | None, ...]] = {
    "products": (list,),
    "description": (str,),
    "description_zh": (str,),
    "duplicate": (bool,),
}
_REQUIRED = {
    "top": ("title", "site_url", "kinds", "tables"),
    "kind": ("exception", "summary", "retryable", "hint"),
    "table": ("title", "enum", "role", "codes"),
    "entry": ("code", "description", "document", "line", "family", "name", "exception", "kind"),
    "product": ("title",),
    "erratum": ("code", "texts", "why"),
    "route": ("header",),
    "variant": ("products", "description"),
}

# Names the generated package defines itself at the top of its modules; no
# class or enum may take them. Anything else that breaks the package is found
# by importing it before anything is written (codegen/verify.py).
RUNTIME_NAMES = frozenset(
    {
        "XTError",
        "HttpError",
        "UnknownCodeError",
        "MalformedResponseError",
        "raise_for_response",
        "check",
        "explain",
        "lookup",
        "Code",
        "SITE_URL",
        "MESSAGE_CODE_ENUMS",
        "FAMILY_CLASSES",
        "TYPE_CHECKING",
        "annotations",
        "from_response",
        "exception_class",
        "unknown_code_class",
        "IntEnum",
        "StrEnum",
        "Any",
        "Mapping",
        "Info",
        "Response",
        "TABLES",
        "INFO",
        "KINDS",
        "CLASS_CODES",
        "KIND_CLASSES",
        "TABLE_BASES",
        "HTTP_STATUS_ENUMS",
        "RETURN_CODE_ENUMS",
        "ClassVar",
        "TypeAlias",
        "Protocol",
        "main",
        "find",
        "listing",
        "argparse",
        "difflib",
        "sys",
        # the public API beside the classes and enums
        "LANGUAGES",
        "RETRY_AFTER_CAP",
        "RetryPolicy",
        "Advice",
        "check_async",
        "get_language",
        "set_language",
        "Given",
        "Variant",
        "SITE_URL_ZH",
        "ALIASES",
        "DESCRIPTIONS_ZH",
        "VARIANTS_ZH",
    }
)
# The package makes `Unknown<Family>Error` on demand for a new code of a known
# family (AUTH_999 -> UnknownAuthError): a documented code may not own one.
_ON_DEMAND = re.compile(r"Unknown\w*Error")


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: keeps comments and key order
    yaml.width = 4096  # never fold a description over two lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def header(sources: Iterable[str]) -> str:
    count = len(list(sources))
    return (
        "The canonical catalog of XT API response codes.\n"
        f"Synced from {count} documentation page{'s' if count != 1 else ''} (see products) by `python -m codegen`.\n"
        f"Fields the documentation owns ({', '.join(DOC_FIELDS)}) are refreshed on every sync;\n"
        "every other field is curated here and kept. Never delete a code: mark it `retired: true`."
    )


# -- loading and checking a spec file --------------------------------------


def load(text: str, path: str) -> CommentedMap:
    """Parse and check the shape of a spec file; errors point at its lines."""
    _check_depth(text, path)
    try:
        spec = _yaml().load(text)
    except RecursionError:
        raise SourceError(path, 1, "the spec nests too deeply to read") from None
    except ValueError as error:
        # Python refuses to read integers of thousands of digits.
        line = _first_line(text, _LONG_NUMBER)
        raise SourceError(path, line, f"a value is too large to read ({error})") from None
    except ReaderError as error:  # a character YAML does not allow
        line = text.count("\n", 0, error.position) + 1
        character = error.character if isinstance(error.character, int) else ord(error.character)
        raise SourceError(path, line, f"character U+{character:04X} is not allowed in YAML") from None
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise SourceError(path, line, f"invalid YAML: {error.problem or error.context}") from None
    except YAMLError as error:
        raise SourceError(path, 1, f"invalid YAML: {error}") from None
    if not isinstance(spec, CommentedMap):
        raise SourceError(path, 1, "the spec must be a YAML mapping")
    _check_fields(spec, _TOP_FIELDS, _REQUIRED["top"], "the spec", path)
    _check_site_url(spec, path)
    for name, kind in spec["kinds"].items():
        if not isinstance(kind, CommentedMap):
            raise SourceError(path, _key_line(spec["kinds"], name), f"kind '{name}' must be a mapping")
        _check_fields(kind, _KIND_FIELDS, _REQUIRED["kind"], f"kind '{name}'", path)
    for key, table in spec["tables"].items():
        if not isinstance(table, CommentedMap):
            raise SourceError(path, _key_line(spec["tables"], key), f"table '{key}' must be a mapping")
        _check_fields(table, _TABLE_FIELDS, _REQUIRED["table"], f"table '{key}'", path)
        if table["role"] not in defaults.ROLES:
            raise SourceError(
                path,
                _key_line(table, "role"),
                f"table '{key}': role must be one of {', '.join(defaults.ROLES)}",
            )
        codes = table["codes"]
        for index, entry in enumerate(codes):
            if not isinstance(entry, CommentedMap):
                line = codes.lc.item(index)[0] + 1
                raise SourceError(path, line, f"table '{key}': each code must be a mapping")
            what = f"table '{key}' code '{_shown_code(entry.get('code'))}'"
            _check_fields(entry, _ENTRY_FIELDS, _REQUIRED["entry"], what, path)
            _check_numbers(entry, what, path)
            _check_strings(entry, ("products", "aliases"), what, path)
            _check_items(entry, "variants", _VARIANT_FIELDS, "variant", what, path)
        _check_items(table, "from", _ROUTE_FIELDS, "route", f"table '{key}'", path)
        for rule in table.get("from") or ():
            if rule.get("rows", "all") not in ("all", "integers", "names"):
                raise SourceError(
                    path, _key_line(rule, "rows"), f"table '{key}': rows must be all, integers or names"
                )
    if "products" not in spec:
        spec.insert(list(spec).index("kinds"), "products", CommentedMap())
    for name, product in spec["products"].items():
        if not isinstance(product, CommentedMap):
            raise SourceError(path, _key_line(spec["products"], name), f"product '{name}' must be a mapping")
        _check_fields(product, _PRODUCT_FIELDS, _REQUIRED["product"], f"product '{name}'", path)
    _check_items(spec, "errata", _ERRATUM_FIELDS, "erratum", "the spec", path)
    for erratum in spec.get("errata") or ():
        _check_strings(erratum, ("texts",), f"erratum for '{erratum['code']}'", path)
        resolutions = [field for field in ("stands", "missing_in") if field in erratum]
        if len(resolutions) != 1:
            raise SourceError(
                path,
                erratum.lc.line + 1,
                f"erratum for '{erratum['code']}': give either 'stands' (the text that stands) "
                "or 'missing_in' (the language whose page lacks the row)",
            )
        if "stands" in erratum and erratum["stands"] not in erratum["texts"]:
            raise SourceError(
                path, _key_line(erratum, "stands"), f"erratum for '{erratum['code']}': 'stands' must be one of its texts"
            )
        if erratum.get("missing_in", "en") not in merge.LANGUAGES:
            raise SourceError(
                path, _key_line(erratum, "missing_in"), f"erratum for '{erratum['code']}': missing_in must be en or zh"
            )
    return spec


def _check_items(
    mapping: CommentedMap,
    field: str,
    fields: dict[str, tuple[type | None, ...]],
    kind: str,
    what: str,
    path: str,
) -> None:
    """Each item of the list `mapping[field]` is a mapping of `fields`."""
    items = mapping.get(field)
    for index, item in enumerate(items or ()):
        if not isinstance(item, CommentedMap):
            line = items.lc.item(index)[0] + 1
            raise SourceError(path, line, f"{what}: each of '{field}' must be a mapping")
        _check_fields(item, fields, _REQUIRED[kind], f"{what}, {field}", path)
        if "products" in fields:
            _check_strings(item, ("products",), f"{what}, {field}", path)


def _check_strings(mapping: CommentedMap, fields: tuple[str, ...], what: str, path: str) -> None:
    for field in fields:
        for value in mapping.get(field) or ():
            if not _is_a(value, str):
                raise SourceError(
                    path, _key_line(mapping, field), f"{what}: '{field}' must list strings, not {_describe(value)}"
                )


# Deeper than any spec needs, and far below what the YAML reader's recursion survives.
_MAX_DEPTH = 64
_MAX_INDENT = 256
_LONG_NUMBER = re.compile(r"[0-9]{100}")
# An absolute http(s) URL ending in '/', of characters that need no escaping in
# HTML, YAML or Python: docs_url is this plus a page and an anchor.
_SITE_URL = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?/(?:[A-Za-z0-9._~%-]+/)*")


def _check_depth(text: str, path: str) -> None:
    """Refuse, at its line, nesting too deep to parse (by indentation or by brackets)."""
    depth = 0
    for number, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" "))
        deepest = depth
        if "[" in line or "{" in line:  # rare: only flow collections need the walk
            for char in line:
                if char in "[{":
                    depth += 1
                    deepest = max(deepest, depth)
                elif char in "]}":
                    depth -= 1
        if indent > _MAX_INDENT or deepest > _MAX_DEPTH:
            raise SourceError(path, number, f"the spec nests deeper than a spec can ({_MAX_DEPTH} levels)")


def _first_line(text: str, pattern: re.Pattern[str]) -> int:
    found = pattern.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _check_site_url(spec: CommentedMap, path: str) -> None:
    if not _SITE_URL.fullmatch(spec["site_url"]):
        raise SourceError(
            path,
            _key_line(spec, "site_url"),
            "site_url must be an absolute http(s) URL ending in '/', of letters, digits and "
            "'.-_~%' only (no quotes, spaces, '<>', query or fragment)",
        )


def _check_numbers(entry: CommentedMap, what: str, path: str) -> None:
    line = entry["line"]
    if not 1 <= line <= 10**9:
        raise SourceError(path, _key_line(entry, "line"), f"{what}: 'line' must be a line number")
    code = entry["code"]
    fits = not isinstance(code, int) or -(2**63) <= code < 2**63
    problem = naming.code_problem(str(code)) if fits else "an integer code must fit in 64 bits"
    if problem is not None:
        raise SourceError(path, _key_line(entry, "code"), f"{what}: {problem}")


def _shown_code(code: object) -> str:
    """A code as text; an int too long for str() (over 4,300 digits) by its size."""
    if isinstance(code, int) and code.bit_length() > 64:  # ruamel's HexInt and the like too
        return f"<an integer of {code.bit_length()} bits>"
    return str(code)


def _check_fields(
    mapping: CommentedMap,
    fields: dict[str, tuple[type | None, ...]],
    required: tuple[str, ...],
    what: str,
    path: str,
) -> None:
    for field, value in mapping.items():
        if field not in fields:
            known = ", ".join(fields)
            raise SourceError(
                path, _key_line(mapping, field), f"{what}: unknown field '{field}' (known: {known})"
            )
        allowed = fields[field]
        if not any(_is_a(value, kind) for kind in allowed):
            names = " or ".join("null" if kind is None else _TYPE_NAMES[kind] for kind in allowed)
            raise SourceError(
                path,
                _key_line(mapping, field),
                f"{what}: '{field}' must be {names}, not {_describe(value)}",
            )
    for field in required:
        if field not in mapping:
            raise SourceError(path, mapping.lc.line + 1, f"{what}: missing field '{field}'")


_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", dict: "a mapping", list: "a list"}


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


def _key_line(mapping: CommentedMap, key: object) -> int:
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (KeyError, TypeError, AttributeError):
        return int(getattr(mapping.lc, "line", 0) or 0) + 1


# -- syncing with the documentation ------------------------------------------


def new_spec() -> CommentedMap:
    spec = CommentedMap()
    spec["title"] = defaults.TITLE
    spec["site_url"] = defaults.SITE_URL
    spec["products"] = CommentedMap()
    spec["kinds"] = CommentedMap()
    for kind in defaults.KINDS:
        _add_default_kind(spec, kind.name)
    spec["tables"] = CommentedMap()
    return spec


def _add_default_kind(spec: CommentedMap, name: str) -> None:
    kind = next(kind for kind in defaults.KINDS if kind.name == name)
    entry = CommentedMap()
    entry["exception"] = kind.exception
    if kind.parent:
        entry["parent"] = kind.parent
    entry["retryable"] = kind.retryable
    entry["summary"] = kind.summary
    entry["hint"] = kind.hint
    spec["kinds"][name] = entry


def sync(
    spec: CommentedMap, documents: list[Document], spec_path: str
) -> list[str]:
    """Bring the spec's documentation fields in line with the documents, in place.

    Returns the sync report: one line per code added, text changed or
    product gained or lost, for the maintainer to read.
    """
    report: list[str] = []
    pages = [_page(spec, document, report) for document in documents]
    routes = _routes(spec)
    errata = _errata(spec)
    merged = merge.merge(pages, list(spec["products"]), routes, errata, spec_path)
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


@dataclass(frozen=True)
class Document:
    name: str  # the file name, as the spec's products name it
    shown: str  # the path as named in messages
    tables: list[document.Table]


def _page(spec: CommentedMap, found: Document, report: list[str]) -> merge.Page:
    """The document with the product and language the spec gives it (guessed once if new)."""
    for key, product in spec["products"].items():
        for language in merge.LANGUAGES:
            if product.get(language) == found.name:
                return merge.Page(found.shown, str(key), language, tuple(found.tables))
    guess = defaults.product_for(found.name)
    product = spec["products"].get(guess.key)
    if product is None:
        product = CommentedMap()
        product["title"] = guess.title
        spec["products"][guess.key] = product
        report.append(f"new product {guess.key} ({found.name})")
    if product.get(guess.language) is not None:
        raise SourceError(
            found.shown,
            1,
            f"product '{guess.key}' already has the {guess.language} page "
            f"{product[guess.language]}; name this page in the spec's products",
        )
    product[guess.language] = found.name
    return merge.Page(found.shown, guess.key, guess.language, tuple(found.tables))


def _routes(spec: CommentedMap) -> list[merge.Route]:
    routes = []
    for key, table in spec["tables"].items():
        rules = table.get("from")
        if rules is None:
            routes.append(merge.Route(str(key), str(key)))
            continue
        routes.extend(
            merge.Route(str(key), rule["header"], rule.get("rows", "all")) for rule in rules
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
    codes: tuple[merge.Code, ...],
    spec_path: str,
    report: list[str],
) -> None:
    old: CommentedSeq = table["codes"]
    by_code = {str(entry["code"]): entry for entry in old}
    integer = all(naming.is_integer_code(found.code) for found in codes) and all(
        naming.is_integer_code(str(entry["code"])) for entry in old if entry.get("retired")
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
                _key_line(entry, "retired"),
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


def _report_changes(entry: CommentedMap, found: merge.Code, label: str, report: list[str]) -> None:
    for field, new in (("description", found.description), ("description_zh", found.description_zh)):
        old = entry.get(field)
        if old != new:
            report.append(f"changed {label} {field}: {old!r} -> {new!r}")
    old_products = list(entry.get("products") or ())
    if old_products and old_products != list(found.products):
        gained = [p for p in found.products if p not in old_products]
        lost = [p for p in old_products if p not in found.products]
        change = ", ".join([*(f"+{p}" for p in gained), *(f"-{p}" for p in lost)]) or "reordered"
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


def _new_entry(spec: CommentedMap, role: str, found: merge.Code) -> CommentedMap:
    kind = defaults.kind_for(found.code, found.description, role)
    if kind not in spec["kinds"]:
        _add_default_kind(spec, kind)
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
    if key not in mapping or mapping[key] != value or type(mapping[key]) is not type(value):
        mapping[key] = value


def _set_list(mapping: CommentedMap, key: str, value: list[object], before: str) -> None:
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


def dump(spec: CommentedMap, sources: Iterable[str]) -> str:
    spec.yaml_set_start_comment(header(sources))
    stream = io.StringIO()
    _yaml().dump(spec, stream)
    return stream.getvalue()


# -- the whole spec, checked, as plain data ---------------------------------


def build_catalog(
    spec: CommentedMap,
    spec_path: str,
    locate: Callable[[str], str | None],
) -> model.Catalog:
    """Check names across the spec and freeze it into the model.

    `locate(document)` gives the path to name in messages for a document of
    the spec, or None when it is not among this run's sources.
    """

    def where(entry: CommentedMap) -> tuple[str, int]:
        path = locate(str(entry["document"]))
        if path is not None:
            return path, int(entry["line"])
        return spec_path, entry.lc.line + 1

    def fail(entry: CommentedMap, message: str, field: str | None = None) -> SourceError:
        # A curated field loaded from the spec is wrong in the spec; anything
        # else came with a code from the documentation.
        position = (entry.lc.data or {}).get(field) if field else None
        if position is not None:
            return SourceError(spec_path, position[0] + 1, message)
        path, line = where(entry)
        return SourceError(path, line, message)

    def place(entry: CommentedMap) -> str:
        path, line = where(entry)
        return f"{path}:{line}"

    kinds = _build_kinds(spec, spec_path)
    kind_classes = {kind.exception: kind for kind in kinds if kind.exception}
    class_owner: dict[str, str] = {name: "the package itself" for name in RUNTIME_NAMES}
    # A star import would hide Python's own names (Exception, TimeoutError, ...).
    class_owner.update({name: "a Python built-in" for name in dir(builtins) if name not in class_owner})
    for kind in kinds:
        if kind.exception:
            _claim(class_owner, kind.exception, f"kind '{kind.name}'", spec_path, _key_line(spec["kinds"], kind.name))

    tables = []
    for key, table in spec["tables"].items():
        enum = table["enum"]
        line = _key_line(table, "enum")
        if not naming.is_identifier(enum):
            raise SourceError(spec_path, line, f"table '{key}': enum '{enum}' is not a Python name")
        _claim(class_owner, enum, f"table '{key}'", spec_path, line)
        integer = all(type(entry["code"]) is int for entry in table["codes"])
        members: dict[str, CommentedMap] = {}
        anchors: dict[str, CommentedMap] = {}
        codes = []
        for entry in table["codes"]:
            code = str(entry["code"])
            name = entry["name"]
            if not naming.is_identifier(name):
                raise fail(entry, f"code '{code}': '{name}' is not a Python name", "name")
            if name in members:
                other = members[name]
                raise fail(
                    entry,
                    f"codes '{other['code']}' ({place(other)}) and '{code}' would both become "
                    f"{enum}.{name}",
                )
            members[name] = entry
            link = naming.anchor(code)
            if link in anchors:
                other = anchors[link]
                raise fail(
                    entry,
                    f"codes '{other['code']}' ({place(other)}) and '{code}' would share the "
                    f"link #{link}",
                )
            anchors[link] = entry
            kind_name = entry["kind"]
            found_kind = next((kind for kind in kinds if kind.name == kind_name), None)
            if found_kind is None:
                raise fail(entry, f"code '{code}': unknown kind '{kind_name}'", "kind")
            exception = entry["exception"]
            if (kind_name == "success") != (exception is None):
                raise fail(
                    entry,
                    f"code '{code}': a success has no exception and every other code has one",
                    "exception",
                )
            family = entry["family"]
            family_class = naming.class_name(family, "Error") if family else None
            if exception is not None:
                if not naming.is_identifier(exception):
                    raise fail(
                        entry, f"code '{code}': '{exception}' is not a Python name", "exception"
                    )
                merged = kind_classes.get(exception) is found_kind
                if not merged:
                    _claim(class_owner, exception, f"code '{code}' ({place(entry)})", *where(entry))
            if family_class is not None and class_owner.get(family_class, "family") != "family":
                raise fail(
                    entry,
                    f"family '{family}' would need the class {family_class}, "
                    f"already taken by {class_owner[family_class]}",
                )
            if family_class is not None:
                class_owner[family_class] = "family"
            aliases = tuple(entry.get("aliases") or ())
            for alias in aliases:
                if exception is None or not naming.is_identifier(alias):
                    raise fail(entry, f"code '{code}': alias '{alias}' needs an exception and a Python name", "aliases")
                _claim(class_owner, alias, f"code '{code}' (an earlier name of {exception})", spec_path, _key_line(entry, "aliases"))
            codes.append(
                model.Code(
                    code=entry["code"],
                    description=entry["description"],
                    description_zh=entry.get("description_zh"),
                    products=tuple(entry.get("products") or ()),
                    variants=tuple(
                        model.Variant(
                            products=tuple(variant["products"]),
                            description=variant["description"],
                            description_zh=variant.get("description_zh"),
                            duplicate=variant.get("duplicate", False),
                        )
                        for variant in entry.get("variants") or ()
                    ),
                    document=entry["document"],
                    line=entry["line"],
                    family=family,
                    name=name,
                    exception=exception,
                    kind=kind_name,
                    retryable=entry.get("retryable", found_kind.retryable),
                    hint=entry.get("hint", found_kind.hint),
                    retired=entry.get("retired", False),
                    anchor=link,
                    family_class=family_class,
                    aliases=aliases,
                )
            )
        tables.append(
            model.Table(
                key=key,
                title=table["title"],
                title_zh=table.get("title_zh"),
                enum=enum,
                role=table["role"],
                integer=integer,
                codes=tuple(codes),
            )
        )
    products = tuple(
        model.Product(
            key=str(key),
            title=product["title"],
            title_zh=product.get("title_zh"),
            en=product.get("en"),
            zh=product.get("zh"),
        )
        for key, product in spec["products"].items()
    )
    # Every page synced, including those whose codes all came first from another page.
    pages = [page for product in products for page in (product.en, product.zh) if page]
    documents = [code.document for table in tables for code in table.codes]
    return model.Catalog(
        title=spec["title"],
        site_url=spec["site_url"],
        sources=tuple(dict.fromkeys(pages + documents)),
        products=products,
        kinds=kinds,
        tables=tuple(tables),
        errata=tuple(
            model.Erratum(
                code=str(erratum["code"]),
                texts=tuple(erratum["texts"]),
                stands=erratum.get("stands"),
                missing_in=erratum.get("missing_in"),
                why=erratum["why"],
            )
            for erratum in spec.get("errata") or ()
        ),
    )


def _build_kinds(spec: CommentedMap, spec_path: str) -> tuple[model.Kind, ...]:
    kinds: list[model.Kind] = []
    for name, kind in spec["kinds"].items():
        line = _key_line(spec["kinds"], name)
        if not naming.is_identifier(str(name)):
            raise SourceError(spec_path, line, f"kind '{name}' is not a Python name")
        exception = kind["exception"]
        if exception is not None and not naming.is_identifier(exception):
            raise SourceError(spec_path, line, f"kind '{name}': '{exception}' is not a Python name")
        parent = kind.get("parent")
        if parent is not None:
            found = next((k for k in kinds if k.name == parent), None)
            if found is None or found.exception is None:
                raise SourceError(
                    spec_path,
                    _key_line(kind, "parent"),
                    f"kind '{name}': parent '{parent}' must be a kind with an exception, "
                    "listed above it",
                )
            if exception is None:
                raise SourceError(spec_path, line, f"kind '{name}' has a parent but no exception")
        kinds.append(
            model.Kind(
                name=str(name),
                exception=exception,
                parent=parent,
                retryable=kind["retryable"],
                summary=kind["summary"],
                hint=kind["hint"],
            )
        )
    return tuple(kinds)


def _claim(owner: dict[str, str], name: str, who: str, path: str, line: int) -> None:
    if name.startswith("_"):
        raise SourceError(path, line, f"the Python name {name} of {who} is private: it may not start with '_'")
    if _ON_DEMAND.fullmatch(name) and name not in owner:
        raise SourceError(
            path, line, f"the Python name {name} of {who} is reserved for the classes the "
            "package makes on demand for unknown codes",
        )
    if name in owner:
        raise SourceError(path, line, f"the Python name {name} of {who} is already taken by {owner[name]}")
    owner[name] = who
