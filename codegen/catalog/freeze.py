"""Stage 4: the whole spec, checked across entries, frozen into the model.

`build` checks what no single entry can show (a Python name taken twice, an
unknown kind, a success with an exception), computes the class tree once,
and returns the `model.Catalog` every renderer works from, together with the
place in the inputs of each Python name it asks for, which `codegen.run.import_check`
points at when the package built from it breaks.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from ruamel.yaml.comments import CommentedMap

from codegen import model, naming
from codegen.catalog import class_tree
from codegen.catalog.names import Names, Places
from codegen.errors import SourceError
from codegen.spec import rules
from codegen.spec.shape import key_line


def build(
    spec: CommentedMap,
    spec_path: str,
    documented: Mapping[tuple[str, str], model.Place],
    reserved: Collection[str],
    version: str | None = None,
    needed: Collection[str] = (),
) -> tuple[model.Catalog, Places]:
    """Check names across the spec and freeze it into the model.

    `documented` gives where this run's pages document each code ((table,
    code) -> the line of its standing text, from the sync); `reserved` holds
    the names the package defines itself (`codegen.render.package.own_names`),
    `needed` the kinds' classes its own code builds on (`runtime_needs`).
    """
    where = {
        id(entry): documented[(str(key), str(entry["code"]))]
        for key, table in spec["tables"].items()
        for entry in table["codes"]
        if (str(key), str(entry["code"])) in documented
    }
    names = Names(spec_path, where, reserved)
    kinds = _kinds(spec, spec_path, names)
    _check_needed(spec, spec_path, kinds, needed)
    sources = _sources(spec)
    products = tuple(
        model.Product(
            key=str(key), title=product["title"], title_zh=product.get("title_zh")
        )
        for key, product in spec["products"].items()
    )
    pages = _pages(spec, spec_path, {source.key for source in sources})
    by_name = {page.name: page for page in pages}
    endpoints = _endpoints(spec, pages)
    checked = []
    for key, table in spec["tables"].items():
        with names.stops.unit(str(key)):
            checked.append(_table(str(key), table, kinds, names, by_name))
    names.stops.raise_any()  # every table's and code's mistakes at once
    tables = tuple(checked)
    families = class_tree.families(tables)
    fallbacks = _fallbacks(spec, kinds, names)
    catalog = model.Catalog(
        title=spec["title"],
        site_url=spec["site_url"],
        version=version,
        sources=sources,
        products=products,
        pages=pages,
        endpoints=endpoints,
        kinds=kinds,
        tables=tables,
        errata=tuple(rules.errata(spec)),
        fallbacks=fallbacks,
        families=families,
        classes=class_tree.build(kinds, tables, families, fallbacks),
    )
    return catalog, names.places


def _check_needed(
    spec: CommentedMap,
    spec_path: str,
    kinds: tuple[model.Kind, ...],
    needed: Collection[str],
) -> None:
    """Stop where a kind the package's own code raises is missing from the spec."""
    missing = sorted(set(needed) - {kind.exception for kind in kinds if kind.exception})
    if missing:
        raise SourceError(
            spec_path,
            key_line(spec, "kinds"),
            f"no kind's class is {missing[0]}, which the package's own code builds on: "
            "add the kind (python -m codegen writes the default kinds into a new spec)",
        )


def _sources(spec: CommentedMap) -> tuple[model.Source, ...]:
    return tuple(
        model.Source(
            key=str(key),
            title=source["title"],
            upstream=source["upstream"],
            commit=str(source.get("commit", "")),
            date=str(source.get("date", "")),
            mirror_of=source.get("mirror_of"),
        )
        for key, source in spec["sources"].items()
    )


def _pages(
    spec: CommentedMap, spec_path: str, sources: set[str]
) -> tuple[model.Page, ...]:
    """The spec's pages in catalog order: by product, then as the spec lists them."""
    products = {str(key): index for index, key in enumerate(spec["products"])}
    pages = []
    for name, page in spec["pages"].items():
        product, source = str(page["product"]), page.get("source")
        if product not in products:
            line = key_line(page, "product")
            raise SourceError(
                spec_path,
                line,
                f"page '{name}': product '{product}' is not in the spec's products",
            )
        if source is not None and source not in sources:
            line = key_line(page, "source")
            raise SourceError(
                spec_path,
                line,
                f"page '{name}': source '{source}' is not in the spec's sources",
            )
        pages.append(
            model.Page(
                name=str(name),
                zh=page.get("zh"),
                product=product,
                source=source,
                endpoint=page.get("endpoint"),
                title=page.get("title"),
            )
        )
    return tuple(sorted(pages, key=lambda page: products[page.product]))


def _endpoints(
    spec: CommentedMap, pages: tuple[model.Page, ...]
) -> tuple[model.Endpoint, ...]:
    """Each endpoint a page documents: those with a page listing their own codes,
    in catalog order, then those whose pages list none (the spec's `endpoints`)."""
    found = {
        page.endpoint: model.Endpoint(page.endpoint, page.product, page.name)
        for page in pages
        if page.endpoint
    }
    for endpoint, entry in (spec.get("endpoints") or {}).items():
        found.setdefault(
            str(endpoint), model.Endpoint(str(endpoint), str(entry["product"]), None)
        )
    return tuple(found.values())


def _fallbacks(
    spec: CommentedMap, kinds: tuple[model.Kind, ...], names: Names
) -> tuple[model.Fallback, ...]:
    """The curated rules that give a code no catalog lists yet a meaning by its
    shape, each raising Unknown<Meaning>Error (invalid_* -> UnknownInvalidRequestError)."""
    found = []
    classes = {kind.name: kind.exception for kind in kinds if kind.exception}
    for rule in spec.get("fallbacks") or ():
        place = model.Place(names.spec_path, key_line(rule, "kind"))
        exception = classes.get(rule["kind"])
        if exception is None:
            raise names.fail(
                place,
                f"fallback '{rule['pattern']}': '{rule['kind']}' is not a kind with an exception",
            )
        unknown = f"Unknown{exception}"
        if names.owner.get(unknown) != "fallbacks":
            names.claim(unknown, "fallbacks", place)
        found.append(model.Fallback(pattern=rule["pattern"], kind=rule["kind"]))
    return tuple(found)


def _kinds(spec: CommentedMap, spec_path: str, names: Names) -> tuple[model.Kind, ...]:
    kinds: list[model.Kind] = []
    for name, kind in spec["kinds"].items():
        line = key_line(spec["kinds"], name)
        if not naming.is_identifier(str(name)):
            raise SourceError(spec_path, line, f"kind '{name}' is not a Python name")
        exception = kind["exception"]
        if exception is not None and not naming.is_identifier(exception):
            raise SourceError(
                spec_path, line, f"kind '{name}': '{exception}' is not a Python name"
            )
        parent = kind.get("parent")
        if parent is not None:
            found = next((k for k in kinds if k.name == parent), None)
            if found is None or found.exception is None:
                raise SourceError(
                    spec_path,
                    key_line(kind, "parent"),
                    f"kind '{name}': parent '{parent}' must be a kind with an exception, "
                    "listed above it",
                )
            if exception is None:
                raise SourceError(
                    spec_path, line, f"kind '{name}' has a parent but no exception"
                )
        if exception is not None:
            place = model.Place(spec_path, key_line(kind, "exception"))
            names.claim(exception, f"kind '{name}'", place)
        kinds.append(
            model.Kind(
                name=str(name),
                exception=exception,
                parent=parent,
                retryable=kind["retryable"],
                summary=kind["summary"],
                hint=kind["hint"],
                summary_zh=kind.get("summary_zh"),
                hint_zh=kind.get("hint_zh"),
            )
        )
    return tuple(kinds)


def _table(
    key: str,
    table: CommentedMap,
    kinds: tuple[model.Kind, ...],
    names: Names,
    pages: dict[str, model.Page],
) -> model.Table:
    enum = table["enum"]
    place = model.Place(names.spec_path, key_line(table, "enum"))
    if not naming.is_identifier(enum):
        raise names.fail(place, f"table '{key}': enum '{enum}' is not a Python name")
    names.claim(enum, f"table '{key}'", place)
    members: dict[str, CommentedMap] = {}
    anchors: dict[str, CommentedMap] = {}
    codes = []
    for entry in table["codes"]:
        with names.stops.unit(f"{key} {entry['code']}"):
            code = str(entry["code"])
            name = entry["name"]
            if not naming.is_identifier(name):
                raise names.fail(
                    names.of_field(entry, "name"),
                    f"code '{code}': '{name}' is not a Python name",
                )
            for taken, value, what in (
                (members, name, f"would both become {enum}.{name}"),
                (
                    anchors,
                    naming.anchor(code),
                    f"would share the link #{naming.anchor(code)}",
                ),
            ):
                other = taken.get(value)
                if other is not None:
                    first = names.of_code(other)
                    raise names.fail(
                        names.of_code(entry),
                        f"codes '{other['code']}' ({first.path}:{first.line}) and '{code}' {what}",
                    )
                taken[value] = entry
            names.places.setdefault(name, names.of_field(entry, "name"))
            codes.append(_code(entry, kinds, names, pages))
    return model.Table(
        key=key,
        title=table["title"],
        title_zh=table.get("title_zh"),
        enum=enum,
        role=table["role"],
        integer=all(type(entry["code"]) is int for entry in table["codes"]),
        codes=tuple(codes),
    )


def _code(
    entry: CommentedMap,
    kinds: tuple[model.Kind, ...],
    names: Names,
    pages: dict[str, model.Page],
) -> model.Code:
    # Long on purpose: one entry's checks and fields in the order the spec
    # declares them (spec/fields.py), each refusal beside the field it guards.
    code = str(entry["code"])
    documented = names.documented.get(id(entry))
    if not {"pages", "evidence", "retired"} & set(entry):
        raise names.fail(
            model.Place(names.spec_path, (entry.lc.line or 0) + 1),
            f"code '{code}' is on no page: say where it was seen ('evidence'), or retire it",
        )
    kind = _kind_of(entry, code, kinds, names)
    exception = entry["exception"]
    family = entry["family"]
    family_class = names.claim_family(family, names.of_code(entry)) if family else None
    aliases = tuple(entry.get("aliases") or ())
    names.claim_aliases(entry, code, aliases, exception)
    return model.Code(
        code=entry["code"],
        description=entry["description"],
        description_zh=entry.get("description_zh"),
        condition=entry.get("condition"),
        condition_zh=entry.get("condition_zh"),
        products=tuple(entry.get("products") or ()),
        endpoints=tuple(entry.get("endpoints") or ()),
        pages=tuple(entry.get("pages") or ()),
        spellings=tuple(entry.get("spellings") or ()),
        variants=tuple(
            _variant(variant, pages) for variant in entry.get("variants") or ()
        ),
        document=documented.path.rsplit("/", 1)[-1] if documented else None,
        line=documented.line if documented else None,
        family=family,
        since=_stamp(entry.get("since")),
        changes=tuple(
            model.Change(
                date=str(change["date"]),
                commit=str(change["commit"]),
                language=str(change["language"]),
                before=change.get("from"),
                after=str(change["to"]),
            )
            for change in entry.get("changes") or ()
        ),
        removed=_stamp(entry.get("removed")),
        gaps=tuple(
            model.Gap(_checked_stamp(gap["removed"]), _checked_stamp(gap["restored"]))
            for gap in entry.get("gaps") or ()
        ),
        evidence=entry.get("evidence"),
        name=entry["name"],
        exception=exception,
        kind=kind.name,
        retryable=entry.get("retryable", kind.retryable),
        hint=entry.get("hint", kind.hint),
        hint_zh=entry.get("hint_zh") or (None if "hint" in entry else kind.hint_zh),
        retired=entry.get("retired", False),
        anchor=naming.anchor(code),
        family_class=family_class,
        aliases=aliases,
    )


def _kind_of(
    entry: CommentedMap, code: str, kinds: tuple[model.Kind, ...], names: Names
) -> model.Kind:
    """The code's kind, and its exception checked against it and claimed."""
    kind_name = entry["kind"]
    kind = next((kind for kind in kinds if kind.name == kind_name), None)
    if kind is None:
        raise names.fail(
            names.of_field(entry, "kind"), f"code '{code}': unknown kind '{kind_name}'"
        )
    exception = entry["exception"]
    if (kind_name == "success") != (exception is None):
        raise names.fail(
            names.of_field(entry, "exception"),
            f"code '{code}': a success has no exception and every other code has one",
        )
    if exception is not None:
        place = names.of_field(entry, "exception")
        if not naming.is_identifier(exception):
            raise names.fail(
                place, f"code '{code}': '{exception}' is not a Python name"
            )
        # A code whose class is its kind's (429: RateLimitError) claims nothing.
        if kind.exception != exception:
            where = names.of_code(entry)
            names.claim(exception, f"code '{code}' ({where.path}:{where.line})", place)
    return kind


def _stamp(value: CommentedMap | None) -> model.Stamp | None:
    return None if value is None else _checked_stamp(value)


def _checked_stamp(value: CommentedMap) -> model.Stamp:
    return model.Stamp(date=str(value["date"]), commit=str(value["commit"]))


def _variant(variant: CommentedMap, pages: dict[str, model.Page]) -> model.Variant:
    """A variant's products and endpoints are those of its pages."""
    names = tuple(str(name) for name in variant.get("pages") or ())
    found = [pages[name] for name in names if name in pages]
    return model.Variant(
        pages=names,
        products=tuple(dict.fromkeys(page.product for page in found)),
        endpoints=tuple(
            dict.fromkeys(page.endpoint for page in found if page.endpoint)
        ),
        description=variant["description"],
        description_zh=variant.get("description_zh"),
        duplicate=variant.get("duplicate", False),
    )
