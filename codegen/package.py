"""Stage 3a: render the `xt_errors` package from the catalog.

The templates in templates/package/ receive the catalog plus the few facts
derived here (class bases, pages), and the filters of `codegen.escaping`.
"""

from __future__ import annotations

from dataclasses import dataclass

from codegen import model, render

PACKAGE_DIR = "generated/xt_errors"
TEMPLATES = (
    "__init__.py",
    "__init__.pyi",
    "__main__.py",
    "_base.py",
    "_catalog.py",
    "_catalog_zh.py",
    "_check.py",
    "_codes.py",
    "_exceptions.py",
    "_exceptions.pyi",
)


@dataclass(frozen=True)
class ExceptionClass:
    name: str
    bases: tuple[str, ...]
    code: model.Code | None  # the code it is raised for; None for a pure meaning
    table: model.Table | None
    kind: model.Kind | None


def render_package(catalog: model.Catalog) -> dict[str, str]:
    by_family = families(catalog)
    by_kind = kind_classes(catalog)
    per_code = code_classes(catalog)
    base_exports = [
        "XTError",
        "HttpError",
        "UnknownCodeError",
        "MalformedResponseError",
        *by_family.values(),
        *(cls.name for cls in by_kind),
    ]
    context = {
        "catalog": catalog,
        "families": by_family,
        "kind_classes": by_kind,
        "code_classes": per_code,
        "base_exports": base_exports,
        "public_exports": sorted(
            ["Code", "check", "raise_for_response", *base_exports]
            + [table.enum for table in catalog.tables]
        ),
        "stub_imports": sorted({"XTError", *(base for cls in per_code for base in cls.bases)}),
        "table_base": table_base,
        "enums_by_role": {
            role: [table.enum for table in catalog.tables if table.role == role]
            for role in ("http_status", "return_code", "message_code", "error_code")
        },
        "success_message_codes": [
            code.code
            for table in catalog.tables
            if table.role == "message_code"
            for code in table.codes
            if code.exception is None
        ],
        "base_code_imports": [
            "Code",
            "MESSAGE_CODE_ENUMS",
            *(table.enum for table in catalog.tables if table.role == "http_status"),
            *(cls.table.enum for cls in by_kind if cls.table is not None),
        ],
    }
    files = {
        f"{PACKAGE_DIR}/{name}": render.render(f"package/{name}.jinja", **context)
        for name in TEMPLATES
    }
    files[f"{PACKAGE_DIR}/py.typed"] = ""
    return files


def table_base(table: model.Table) -> str:
    """The class a code without a family builds on."""
    return "HttpError" if table.role == "http_status" else "XTError"


def families(catalog: model.Catalog) -> dict[str, str]:
    """Family -> its class name, in documentation order."""
    found: dict[str, str] = {}
    for table in catalog.tables:
        for code in table.codes:
            if code.family and code.family_class:
                found.setdefault(code.family, code.family_class)
    return found


def _own_base(code: model.Code, table: model.Table) -> str:
    return code.family_class or table_base(table)


def kind_classes(catalog: model.Catalog) -> list[ExceptionClass]:
    """Meaning classes, parents first. A code whose curated class is its
    kind's class (429 -> RateLimitError) makes that one class do both jobs."""
    merged = {
        code.exception: (code, table)
        for table in catalog.tables
        for code in table.codes
        if code.exception and catalog.kind(code.kind).exception == code.exception
    }
    classes = []
    for kind in catalog.kinds:
        if kind.exception is None:
            continue
        parent = catalog.kind(kind.parent).exception if kind.parent else "XTError"
        assert parent is not None
        code, table = merged.get(kind.exception, (None, None))
        bases = (parent,) if code is None or table is None else (_own_base(code, table), parent)
        classes.append(ExceptionClass(kind.exception, bases, code, table, kind))
    return classes


def code_classes(catalog: model.Catalog) -> list[ExceptionClass]:
    """One class per error code, created lazily at run time."""
    ancestors: dict[str, set[str]] = {"XTError": set(), "HttpError": {"XTError"}}
    for cls in kind_classes(catalog):
        ancestors[cls.name] = set(cls.bases).union(*(ancestors.get(b, set()) for b in cls.bases))
    classes = []
    for table in catalog.tables:
        for code in table.codes:
            kind = catalog.kind(code.kind)
            if code.exception is None or kind.exception == code.exception:
                continue
            own = _own_base(code, table)
            if kind.exception is None:
                bases: tuple[str, ...] = (own,)
            elif own in ancestors.get(kind.exception, set()):
                bases = (kind.exception,)  # e.g. 502: ServiceUnavailableError is an HttpError
            else:
                bases = (own, kind.exception)
            classes.append(ExceptionClass(code.exception, bases, code, table, kind))
    return classes
