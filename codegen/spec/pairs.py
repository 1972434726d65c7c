"""Stage 2, pairing: pair each English page with its Chinese twin, and give each
page its product, as the spec's `pages` section records them (a page new to the
spec is added there with its product guessed once)."""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap

from codegen.errors import SourceError, Stops
from codegen.read import document
from codegen.spec import fields, guesses, merge
from codegen.spec.edit import set_optional


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


def pair_pages(
    spec: CommentedMap, pages: list[document.Document], report: list[str], stops: Stops
) -> list[merge.PagePair]:
    """Each English page with its Chinese twin and its product, in catalog order.

    A page the spec does not name yet is added to its `pages`: its language
    and twin guessed from its file name (`x.md` and `x.zh.md` or `x_cn.md`),
    its product from the endpoints of other pages or from its file name. Its
    mistakes are recorded in `stops`, for the sync to raise with its own.
    """
    _move_pages_out_of_products(spec)
    english, chinese = _by_language(spec["pages"], pages, stops)
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
    order = {str(name): index for index, name in enumerate(spec["pages"])}
    return sorted(
        pairs,
        key=lambda pair: (
            pair.endpoint is not None,
            products[pair.product],
            order[pair.key],
        ),
    )


def _by_language(
    entries: CommentedMap, pages: list[document.Document], stops: Stops
) -> tuple[list[document.Document], dict[str, document.Document]]:
    """The English pages, and each Chinese page by its English page's name: as
    the spec's pages name them, else guessed from the file names."""
    twins = {
        str(entry["zh"]): str(name)
        for name, entry in entries.items()
        if entry.get("zh")
    }
    names = {page.name for page in pages}
    english: list[document.Document] = []
    chinese: dict[str, document.Document] = {}
    for page in pages:
        if page.name in entries:
            english.append(page)
        elif page.name in twins:
            chinese[twins[page.name]] = page
        elif guesses.product_for(page.name).language == "en":
            english.append(page)
        else:
            twin_of = guesses.english_name(page.name, names | set(map(str, entries)))
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
    return english, chinese


def _pair(
    spec: CommentedMap,
    page: document.Document,
    twin: document.Document | None,
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
    twin_name = twin.name if twin is not None else None
    lost = entry.get("zh")
    if lost and twin is None and not _twin_missing_by_erratum(spec, page.name):
        raise SourceError(
            page.path,
            1,
            f"this page's Chinese twin {lost} is no longer among the pages, and with "
            "it every Chinese text of the page: if XT dropped it, add to the spec's "
            f"errata {{page: {page.name}, missing_in: zh, why: ...}}",
        )
    set_optional(entry, "zh", twin_name, fields.PAGE)
    set_optional(entry, "endpoint", page.endpoint, fields.PAGE)
    return merge.PagePair(
        key=page.name,
        product=str(entry["product"]),
        endpoint=page.endpoint,
        en=page,
        zh=twin,
    )


def _twin_missing_by_erratum(spec: CommentedMap, name: str) -> bool:
    """Whether an erratum says the page has no Chinese twin (merge checks that it
    still holds)."""
    return any(
        entry.get("page") == name
        and entry.get("missing_in") == "zh"
        and "code" not in entry
        for entry in spec.get("errata") or ()
    )


def _new_page(
    spec: CommentedMap, page: document.Document, report: list[str]
) -> CommentedMap:
    """A page the spec does not name yet, with its product guessed once: the
    product of pages with endpoints like its own, or the one its file name names,
    or a new product named after the file."""
    product = _product_of_endpoint(spec, page.endpoint) if page.endpoint else None
    if product is None:
        product = guesses.known_product(page.name, map(str, spec["products"]))
    if product is None:
        guess = guesses.product_for(page.name)
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
