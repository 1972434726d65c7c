"""Stage 4, the class tree: the exception class tree of a checked catalog. Each code's
own class under its family's class and its meaning's class; a family's class for
codes the catalog does not list; the module of xt_errors._classes each lives in
(one class per module, named after it: see `class_modules`)."""

from __future__ import annotations

import dataclasses

from codegen import model


def families(tables: tuple[model.Table, ...]) -> tuple[model.Family, ...]:
    """Each family with its classes, in documentation order."""
    found: dict[str, model.Family] = {}
    for table in tables:
        for code in table.codes:
            if code.family and code.family_class and code.family not in found:
                found[code.family] = model.Family(
                    name=code.family,
                    exception=code.family_class,
                    unknown=f"Unknown{code.family_class}",
                )
    return tuple(found.values())


def class_modules(classes: list[model.ExceptionClass]) -> list[model.ExceptionClass]:
    """`classes`, each with its module of xt_errors._classes: its own name, so
    that the package finds a class's module without an index of them
    (benchmark row 3, first errors); numbered where two names differ only in
    case ('HTTPError', 'HttpError': 'HttpError_2'), which a file system that
    ignores case would take for one."""
    taken: set[str] = set()
    placed = []
    for cls in classes:
        module = base = cls.name
        number = 2
        while module.casefold() in taken:
            module = f"{base}_{number}"
            number += 1
        taken.add(module.casefold())
        placed.append(dataclasses.replace(cls, module=module))
    return placed


def build(
    kinds: tuple[model.Kind, ...],
    tables: tuple[model.Table, ...],
    families: tuple[model.Family, ...],
    fallbacks: tuple[model.Fallback, ...] = (),
) -> tuple[model.ExceptionClass, ...]:
    """Every class statement of the package, each after its bases.

    A code's class builds on its family's class (or on HttpError or XTError
    for codes without one) and on its kind's class. A code whose curated class
    is its kind's class (429: RateLimitError) makes that one class do both jobs.
    """
    groups, ancestors = _groups(kinds, tables, families)
    classes = [
        *groups,
        *_code_classes(kinds, tables, ancestors),
        *_unknown_classes(kinds, families, fallbacks),
    ]
    return tuple(class_modules(classes))


def _groups(
    kinds: tuple[model.Kind, ...],
    tables: tuple[model.Table, ...],
    families: tuple[model.Family, ...],
) -> tuple[list[model.ExceptionClass], dict[str, set[str]]]:
    """The classes that group codes, by family then by meaning, and the
    ancestors of each class the codes' classes may build on."""
    by_kind = {kind.name: kind for kind in kinds}
    merged = {
        code.exception: (code, table)
        for table in tables
        for code in table.codes
        if code.exception and by_kind[code.kind].exception == code.exception
    }
    classes = [
        _group(family.exception, ("XTError",), _family_summary(family.name))
        for family in families
    ]
    ancestors: dict[str, set[str]] = {
        "XTError": set(),
        "HttpError": {"XTError"},
        "WebSocketError": {"XTError"},
    }
    ancestors.update({family.exception: {"XTError"} for family in families})
    for kind in kinds:
        if kind.exception is None:
            continue
        parent = by_kind[kind.parent].exception if kind.parent else "XTError"
        assert parent is not None  # the spec's checks ask a parent for an exception
        code, table = merged.get(kind.exception, (None, None))
        if code is None or table is None:
            parents: tuple[str, ...] = (parent,)
        else:
            parents = (_own_base(code, table), parent)
        ancestors[kind.exception] = set(parents).union(*(ancestors[p] for p in parents))
        classes.append(
            _group(kind.exception, parents, kind.summary, code, table, kind.retryable)
        )
    return classes, ancestors


def _code_classes(
    kinds: tuple[model.Kind, ...],
    tables: tuple[model.Table, ...],
    ancestors: dict[str, set[str]],
) -> list[model.ExceptionClass]:
    """Each code's own class, under its family's (or table's) and its meaning's."""
    by_kind = {kind.name: kind for kind in kinds}
    classes = []
    for table in tables:
        for code in table.codes:
            kind = by_kind[code.kind]
            if code.exception is None or kind.exception == code.exception:
                continue
            own = _own_base(code, table)
            if kind.exception is None:
                bases: tuple[str, ...] = (own,)
            elif own in ancestors[kind.exception]:
                # e.g. 502: ServiceUnavailableError is already an HttpError
                bases = (kind.exception,)
            else:
                bases = (own, kind.exception)
            classes.append(
                model.ExceptionClass(
                    name=code.exception,
                    bases=bases,
                    module="",  # given by class_modules
                    summary=code.description,
                    code=code,
                    table=table,
                    retryable=False,  # a code's own class takes `retryable` from its code
                )
            )
    return classes


def _unknown_classes(
    kinds: tuple[model.Kind, ...],
    families: tuple[model.Family, ...],
    fallbacks: tuple[model.Fallback, ...],
) -> list[model.ExceptionClass]:
    """The classes of codes the catalog does not list: by family (AUTH_999), and
    by the shape the spec's fallbacks give a meaning (invalid_foo)."""
    classes = [
        model.ExceptionClass(
            name=family.unknown,
            bases=("UnknownCodeError", family.exception),
            module="",  # given by class_modules
            summary=f"A code of the {family.name} family that this catalog does not list.",
            code=None,
            table=None,
            retryable=False,
        )
        for family in families
    ]
    by_kind = {kind.name: kind for kind in kinds}
    for kind in dict.fromkeys(by_kind[rule.kind] for rule in fallbacks):
        # the spec's checks ask a fallback's kind for one
        assert kind.exception is not None
        classes.append(
            model.ExceptionClass(
                name=f"Unknown{kind.exception}",
                bases=("UnknownCodeError", kind.exception),
                module="",  # given by class_modules
                summary=f"A code this catalog does not list, named like those of: {kind.summary}",
                code=None,
                table=None,
                retryable=False,
            )
        )
    return classes


def _family_summary(family: str) -> str:
    return (
        f"Any code of the {family} family (its codes are named {family}_...): "
        "grouped by how XT names them, not by what they mean."
    )


def _group(
    name: str,
    bases: tuple[str, ...],
    summary: str,
    code: model.Code | None = None,
    table: model.Table | None = None,
    retryable: bool = False,
) -> model.ExceptionClass:
    """A class that groups codes by family or by meaning."""
    return model.ExceptionClass(
        name=name,
        bases=bases,
        module="",  # given by class_modules
        summary=summary,
        code=code,
        table=table,
        retryable=retryable,
    )


def _own_base(code: model.Code, table: model.Table) -> str:
    """The class a code's class builds on besides its meaning: its family's, else its table's."""
    if code.family_class:
        return code.family_class
    if table.role.startswith("websocket_"):
        return "WebSocketError"
    return "HttpError" if table.role == "http_status" else "XTError"
