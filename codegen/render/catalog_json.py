"""catalog.json, the whole catalog for tools and SDKs in any language, and its JSON Schema.

Both are made from the model: each record of catalog.json is a dataclass of
`codegen.model` written out field by field, and the schema of each record is
read off the same dataclass's fields and types (`_record`). So the two cannot
disagree, and a field added to the model shows in both. The schema is
JSON Schema draft 2020-12; it ships beside catalog.json on the site, and
catalog.json names it in `$schema`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

from codegen import model, naming

SCHEMA_FILE = "catalog.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Keys catalog.json adds to a record beyond its dataclass's fields.
_EXTRA: dict[type, dict[str, dict[str, object]]] = {
    model.Source: {"short": {"type": "string"}},
    model.Code: {
        "observed": {"type": "boolean"},
        "docs_url": {"type": "string", "format": "uri"},
        "docs_url_zh": {"type": "string", "format": "uri"},
    },
}


def data(catalog: model.Catalog, version: str | None) -> dict[str, object]:
    """The downloadable catalog.json: every field of every code, with its links in both languages."""
    chinese = naming.language_root(catalog.site_url, "zh")
    return {
        "$schema": catalog.site_url + SCHEMA_FILE,
        "title": catalog.title,
        "version": version,
        "site_url": catalog.site_url,
        "site_url_zh": chinese,
        "sources": [
            {**dataclasses.asdict(source), "short": source.short}
            for source in catalog.sources
        ],
        "products": [dataclasses.asdict(product) for product in catalog.products],
        "pages": [dataclasses.asdict(page) for page in catalog.pages],
        "kinds": [dataclasses.asdict(kind) for kind in catalog.kinds],
        "tables": [
            {
                **{
                    f.name: getattr(table, f.name)
                    for f in dataclasses.fields(table)
                    if f.name != "codes"
                },
                "codes": [
                    {
                        **dataclasses.asdict(code),
                        "observed": code.observed,
                        "docs_url": f"{catalog.site_url}{table.link(code)}",
                        "docs_url_zh": f"{chinese}{table.link(code)}",
                    }
                    for code in table.codes
                ],
            }
            for table in catalog.tables
        ],
        "endpoints": {
            endpoint.endpoint: {
                "product": endpoint.product,
                "page": endpoint.page,
                "codes": [
                    {"table": table.enum, "code": code.code}
                    for table, code in catalog.own_codes(endpoint.endpoint)
                ],
            }
            for endpoint in catalog.endpoints
        },
        "general_codes": {
            product.key: [
                {"table": table.enum, "code": code.code}
                for table, code in catalog.general_codes(product.key)
            ]
            for product in catalog.products
        },
        "errata": [_published(erratum) for erratum in catalog.errata],
        "fallbacks": [dataclasses.asdict(rule) for rule in catalog.fallbacks],
    }


def schema(catalog: model.Catalog) -> dict[str, object]:
    """The JSON Schema every catalog.json of this generator validates against."""
    # Long on purpose: the schema's top level, written out as a reader of
    # catalog.json meets it; each record's part is made from its dataclass.
    records = (
        model.Source,
        model.Product,
        model.Page,
        model.Kind,
        model.Table,
        model.Code,
        model.Variant,
        model.Stamp,
        model.Change,
        model.Gap,
        model.Erratum,
        model.Fallback,
    )
    defs = {cls.__name__: _record(cls) for cls in records}
    listing = {"type": "array", "items": {"$ref": "#/$defs/CodeRef"}}
    defs["CodeRef"] = _closed(
        {"table": {"type": "string"}, "code": {"type": ["integer", "string"]}}
    )
    top = {
        "$schema": {"type": "string"},
        "title": {"type": "string"},
        "version": {"type": ["string", "null"]},
        "site_url": {"type": "string", "format": "uri"},
        "site_url_zh": {"type": "string", "format": "uri"},
        **{
            name: _array_of(record)
            for name, record in (
                ("sources", "Source"),
                ("products", "Product"),
                ("pages", "Page"),
                ("kinds", "Kind"),
                ("tables", "Table"),
                ("errata", "Erratum"),
                ("fallbacks", "Fallback"),
            )
        },
        "endpoints": {
            "type": "object",
            "additionalProperties": _closed(
                {
                    "product": {"type": "string"},
                    "page": {"type": ["string", "null"]},
                    "codes": listing,
                },
                "An endpoint: its product, its page in spec/source/ (null: XT lists "
                "no codes of its own for it), the codes its page lists. It can also "
                "answer with its product's general codes (general_codes).",
            ),
        },
        "general_codes": {"type": "object", "additionalProperties": listing},
    }
    return {
        "$schema": DRAFT,
        "$id": catalog.site_url + SCHEMA_FILE,
        "title": "The catalog of XT API response codes (catalog.json)",
        **_closed(top),
        "$defs": defs,
    }


def _published_fields(cls: type) -> list[dataclasses.Field[Any]]:
    """A record's fields but those that only say where in the inputs it was found."""
    return [f for f in dataclasses.fields(cls) if f.metadata.get("published", True)]


def _published(record: Any) -> dict[str, object]:
    """A record as catalog.json writes it: its published fields."""
    data = dataclasses.asdict(record)
    return {f.name: data[f.name] for f in _published_fields(type(record))}


def _record(cls: type) -> dict[str, object]:
    """The schema of a dataclass's record: one property per published field, of
    the field's type."""
    hints = typing.get_type_hints(cls)
    properties = {f.name: _type(hints[f.name]) for f in _published_fields(cls)}
    return _closed(
        {**properties, **_EXTRA.get(cls, {})},
        f"A {cls.__name__} record: {' '.join((cls.__doc__ or '').split())}",
    )


def _closed(
    properties: dict[str, Any], description: str | None = None
) -> dict[str, object]:
    """An object with exactly these properties, each required."""
    found: dict[str, object] = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        found["description"] = description
    return found


def _array_of(record: str) -> dict[str, object]:
    return {"type": "array", "items": {"$ref": f"#/$defs/{record}"}}


def _type(hint: Any) -> dict[str, object]:
    """The schema of a field's Python type: str, int, bool, None, unions, tuples, records."""
    if hint is str:
        return {"type": "string"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is type(None):
        return {"type": "null"}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return {"$ref": f"#/$defs/{hint.__name__}"}
    origin = typing.get_origin(hint)
    if origin is tuple:
        item, _ = typing.get_args(hint)
        return {"type": "array", "items": _type(item)}
    if origin in (typing.Union, types.UnionType):
        return {"anyOf": [_type(arg) for arg in typing.get_args(hint)]}
    raise TypeError(f"no JSON type for {hint!r}")
