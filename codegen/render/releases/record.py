"""The record of a release, `spec/releases/VERSION.json`: what it holds, read and written.

A record holds, beside its version and date, the public API of the catalog it
published (`api`), every fact a user's code can depend on:

- `classes`: each class with its bases; `aliases`: each earlier name kept, with the
  class it names;
- `members`: each enum's members and their values;
- `codes`: for each member (`"MessageCode.AUTH_105"`), its class, kind,
  `retryable`, whether it is retired, its products, its texts, hint and dates;
- `kinds`: each kind's class, `retryable`, summary and hint;
- `endpoints`: each endpoint a page documents, with the members its page lists;
- `products`: each product with its titles;
- `fallbacks`: the class a code no catalog lists raises, by its shape, in order;
- `site_url`: the base of every link an error and a docstring give;
- `runtime`: the names the package exports besides the catalog's (`check`,
  `RetryPolicy`, `FirewallBlockedError`, ...), from its hand-written runtime.

Records written before some of these facts existed lack them (0.1.0 has no
kinds, endpoints, products, fallbacks or link base, and its codes no kind,
hint, `retryable` or dates): they are read as they are, and compared only on
what they hold. Their `texts` and `retired` are read as `codes`.

A record that is not what this module writes stops the run with one line
naming the file: it is a promise made to users, never guessed at.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from codegen import model
from codegen.errors import SourceError, shown
from codegen.render.package import runtime_exports
from codegen.render.releases import pep440

RELEASES_DIR = "spec/releases"
API = dict[str, Any]  # JSON, as above


@dataclass(frozen=True, kw_only=True)
class Release:
    """A recorded release."""

    version: pep440.Version
    date: str  # YYYY-MM-DD
    api: API
    file: str  # its record, as messages name it


def api(catalog: model.Catalog) -> API:
    """The public API of a catalog, as a release records it."""
    members: dict[str, dict[str, int | str]] = {}
    codes: dict[str, Any] = {}
    for table in catalog.tables:
        members[table.enum] = {code.name: code.code for code in table.codes}
        for code in table.codes:
            codes[f"{table.enum}.{code.name}"] = _code(code)
    return {
        "site_url": catalog.site_url,
        "classes": {cls.name: list(cls.bases) for cls in catalog.classes},
        "aliases": {alias: cls.name for alias, cls in sorted(catalog.aliases.items())},
        "members": members,
        "codes": codes,
        "kinds": {
            kind.name: {
                "class": kind.exception,
                "retryable": kind.retryable,
                "summary": kind.summary,
                "hint": kind.hint,
                "summary_zh": kind.summary_zh,
                "hint_zh": kind.hint_zh,
            }
            for kind in catalog.kinds
        },
        "endpoints": {
            endpoint.endpoint: [
                f"{table.enum}.{code.name}"
                for table, code in catalog.own_codes(endpoint.endpoint)
            ]
            for endpoint in catalog.endpoints
        },
        "products": {
            product.key: {"title": product.title, "title_zh": product.title_zh}
            for product in catalog.products
        },
        "fallbacks": [
            {"pattern": rule.pattern, "class": f"Unknown{exception}"}
            for rule in catalog.fallbacks
            if (exception := catalog.kind(rule.kind).exception) is not None
        ],
        "runtime": sorted(runtime_exports()),
    }


def _code(code: model.Code) -> dict[str, Any]:
    """What a record holds of one code."""
    return {
        "class": code.exception,
        "kind": code.kind,
        "retryable": code.retryable,
        "retired": code.retired,
        "products": list(code.products),
        "en": code.description,
        "zh": code.description_zh,
        "hint": code.hint,
        "hint_zh": code.hint_zh,
        "since": code.since.date if code.since is not None else None,
        "removed": code.removed.date if code.removed is not None else None,
    }


def text(release: Release) -> str:
    """The text of a release's record file."""
    data = {"version": str(release.version), "date": release.date, "api": release.api}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"  # in catalog order


def file_name(version: pep440.Version) -> str:
    """The record's path, relative to the tree: spec/releases/1.2.0.json."""
    return f"{RELEASES_DIR}/{version}.json"


def read(root: Path) -> list[Release]:
    """The releases recorded in the tree, oldest first (by PEP 440's order)."""
    folder = root / RELEASES_DIR
    found: dict[pep440.Version, Release] = {}
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        release = _read_one(path, shown(path))
        earlier = found.get(release.version)
        if earlier is not None:
            raise SourceError(
                release.file,
                1,
                f"a second record of version {release.version}, "
                f"beside {earlier.file}: keep one",
            )
        found[release.version] = release
    return sorted(found.values(), key=lambda release: release.version)


def _read_one(path: Path, where: str) -> Release:
    """One record, checked: any mistake stops with one line naming the file."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SourceError(
            where, 1, f"cannot read this release record: {error}"
        ) from None
    try:
        data = json.loads(raw)
    except RecursionError:
        raise SourceError(where, 1, "not a release record: nested too deep") from None
    except ValueError as error:
        line = getattr(error, "lineno", 1)
        raise SourceError(
            where, line, f"not a release record: not JSON: {error}"
        ) from None
    try:
        _conforms(data, _RECORD)
        _cross_check(data["api"])
        if not _is_date(data["date"]):
            raise _Wrong(("date",), f"must be a date YYYY-MM-DD, not {data['date']!r}")
        try:
            version = pep440.parse(data["version"])
        except ValueError as error:
            raise _Wrong(("version",), f"is wrong: {error}") from None
    except _Wrong as wrong:
        line = _line_of(raw, wrong.path)
        raise SourceError(where, line, f"not a release record: {wrong}") from None
    if path.stem != data["version"]:
        raise SourceError(
            where,
            _line_of(raw, ("version",)),
            f"this is the record of version {data['version']}: "
            f"its file must be named {data['version']}.json",
        )
    return Release(
        version=version, date=data["date"], api=_upgraded(data["api"]), file=where
    )


def _upgraded(api_: API) -> API:
    """A record in the layout this module writes: the first records kept each code's
    facts under `texts`, and the retired codes in a list of their own."""
    if "texts" not in api_:
        return api_
    retired = set(api_["retired"]["codes"]) if "retired" in api_ else None
    codes = {}
    for member, facts in api_["texts"].items():
        codes[member] = dict(facts)
        if retired is not None:
            codes[member]["retired"] = member in retired
    rest = {
        key: value for key, value in api_.items() if key not in ("texts", "retired")
    }
    return {**rest, "codes": codes}


# -- the shape of a record -----------------------------------------------------
# A shape is a type, a tuple of shapes (any of them), None, a list of one shape
# (a list of such items), a dict {str: shape} (an object of any keys, each value
# of that shape) or Fields (an object of these keys).


@dataclass(frozen=True)
class Fields:
    required: dict[str, object]
    optional: dict[str, object]


class _Wrong(ValueError):
    """What is wrong in a record, and the keys that lead to it."""

    def __init__(self, path: tuple[str | int, ...], message: str) -> None:
        where = "".join(f"[{key!r}]" for key in path)
        super().__init__(f"{where or 'the record'} {message}".lstrip())
        self.path = path


_CODE = Fields(
    required={},
    optional={
        "class": (str, None),
        "kind": str,
        "retryable": bool,
        "retired": bool,
        "products": [str],
        "en": str,
        "zh": (str, None),
        "hint": str,
        "hint_zh": (str, None),
        "since": (str, None),
        "removed": (str, None),
    },
)
_KIND = Fields(
    required={"class": (str, None), "retryable": bool, "summary": str, "hint": str},
    optional={"summary_zh": (str, None), "hint_zh": (str, None)},
)
_PRODUCT = Fields(required={"title": str, "title_zh": (str, None)}, optional={})
_FALLBACK = Fields(required={"pattern": str, "class": str}, optional={})
_API = Fields(
    required={
        "classes": {str: [str]},
        "members": {str: {str: (int, str)}},
        "aliases": {str: str},
    },
    optional={
        "site_url": str,
        "codes": {str: _CODE},
        "texts": {str: _CODE},  # the first records' name for `codes`
        "retired": Fields(required={"codes": [str]}, optional={}),  # theirs too
        "kinds": {str: _KIND},
        "endpoints": {str: [str]},
        "products": {str: _PRODUCT},
        "fallbacks": [_FALLBACK],
        "runtime": [str],
    },
)
_RECORD = Fields(required={"version": str, "date": str, "api": _API}, optional={})


def _conforms(value: object, shape: object, path: tuple[str | int, ...] = ()) -> None:
    """Raise _Wrong, naming where, unless `value` has `shape`."""
    if isinstance(shape, list):
        if not isinstance(value, list):
            raise _Wrong(path, f"must be a list, not {_json_type(value)}")
        for index, item in enumerate(value):
            _conforms(item, shape[0], (*path, index))
    elif isinstance(shape, dict):
        if not isinstance(value, dict):
            raise _Wrong(path, f"must be an object, not {_json_type(value)}")
        for key, item in value.items():
            _conforms(item, shape[str], (*path, key))
    elif isinstance(shape, Fields):
        _conforms_fields(value, shape, path)
    elif not _is(value, shape):
        raise _Wrong(path, f"must be {_describe(shape)}, not {_json_type(value)}")


def _conforms_fields(value: object, shape: Fields, path: tuple[str | int, ...]) -> None:
    if not isinstance(value, dict):
        raise _Wrong(path, f"must be an object, not {_json_type(value)}")
    fields = {**shape.required, **shape.optional}
    missing = [key for key in shape.required if key not in value]
    if missing:
        raise _Wrong(path, f"lacks {missing[0]!r}")
    unknown = [key for key in value if key not in fields]
    if unknown:
        raise _Wrong(path, f"has a key this generator does not know: {unknown[0]!r}")
    for key, item in value.items():
        _conforms(item, fields[key], (*path, key))


def _is(value: object, shape: object) -> bool:
    """Whether `value` is of a simple shape: a type, None, or any of a tuple of them."""
    if isinstance(shape, tuple):
        return any(_is(value, option) for option in shape)
    if shape is None:
        return value is None
    if shape is int:  # JSON's true and false are no numbers
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(shape, type) and isinstance(value, shape)


def _describe(shape: object) -> str:
    names = {str: "a string", int: "a number", bool: "true or false", None: "null"}
    options = shape if isinstance(shape, tuple) else (shape,)
    return " or ".join(names.get(option, "an object") for option in options)


def _json_type(value: object) -> str:
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    names = {str: "a string", int: "a number", float: "a number", list: "a list"}
    return names.get(type(value), "an object")


def _cross_check(api_: API) -> None:
    """The names a record uses are names it defines."""
    if "codes" in api_ and ("texts" in api_ or "retired" in api_):
        raise _Wrong(
            ("api",), "mixes 'codes' with the first records' 'texts' and 'retired'"
        )
    classes = api_["classes"]
    members = {
        f"{enum}.{name}" for enum, names in api_["members"].items() for name in names
    }
    for alias, target in api_["aliases"].items():
        if target not in classes:
            raise _Wrong(
                ("api", "aliases", alias), f"names {target!r}, no class of the record"
            )
    for key in ("codes", "texts"):
        for member, facts in api_.get(key, {}).items():
            if member not in members:
                raise _Wrong(("api", key, member), "is no member of the record")
            if facts.get("class") is not None and facts["class"] not in classes:
                raise _Wrong(
                    ("api", key, member, "class"),
                    f"{facts['class']!r} is no class of the record",
                )
    for endpoint, listed in api_.get("endpoints", {}).items():
        for member in listed:
            if member not in members:
                raise _Wrong(
                    ("api", "endpoints", endpoint),
                    f"lists {member!r}, no member of the record",
                )


def _is_date(text: str) -> bool:
    try:
        return datetime.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _line_of(raw: str, path: tuple[str | int, ...]) -> int:
    """The line of the key `path` leads to, as near as the text shows it (else 1)."""
    at = 0
    for key in path:
        if isinstance(key, str):
            found = raw.find(json.dumps(key, ensure_ascii=False) + ":", at)
            if found < 0:
                break
            at = found
    return raw.count("\n", 0, at) + 1
