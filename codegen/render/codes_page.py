"""The site's code pages: each code's entry, and the tables' pages and sections.

A code's entry is a raw HTML block whose heading carries the code's anchor,
so `docs_url` of the package lands on it; every text from the documentation
goes through `escaping` (see codegen/templates/site/codes.md.jinja).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from codegen import model, naming
from codegen.render.labels import Language

_SAFE_TITLE = re.compile(r"[A-Za-z0-9_. -]+")


@dataclass(frozen=True, kw_only=True)
class Text:
    """A code's text as the reader's page shows it, and the other language's."""

    label: str  # for rows of texts by product: whose pages give it
    main: str
    other: str | None  # None when a page does not give it, or it is the same
    erratum: bool  # set aside by an erratum: links to the errata page


@dataclass(frozen=True, kw_only=True)
class Entry:
    code: model.Code
    kind: model.Kind
    text: Text
    hint: str  # what to do, in the page's language where curated
    meaning: str  # the kind's summary, likewise
    products: str  # the products whose pages document the code
    texts: tuple[Text, ...]  # each text with its pages, when pages differ
    endpoints: tuple[
        tuple[str, str], ...
    ]  # each endpoint, and its anchor on the endpoints page


@dataclass(frozen=True, kw_only=True)
class SitePage:
    url: str  # as in docs_url: "message-code/auth/"
    source: str  # in a language's docs folder: "message-code/auth.md"
    nav_title: str  # safe in YAML and in the theme's unescaped HTML
    title: str  # documentation text, escaped by the template
    table: model.Table
    entries: tuple[Entry, ...]

    @property
    def root(self) -> str:
        """The relative way up from this page to the site root: '../../'."""
        return "../" * self.url.count("/")


@dataclass(frozen=True, kw_only=True)
class Section:
    """One table in the nav: a single page, or an overview plus family pages."""

    table: model.Table
    nav_title: str
    overview: str | None  # "message-code/index.md" for tables split by family
    pages: tuple[SitePage, ...]


def doc_path(url: str) -> str:
    """'message-code/auth/' -> 'message-code/auth.md'; 'http-status/' -> 'http-status.md'."""
    return f"{url.strip('/')}.md"


def safe_title(text: str, fallback: str) -> str:
    """A nav title: `text` when plainly safe for YAML and unescaped HTML, else `fallback`."""
    return text if _SAFE_TITLE.fullmatch(text) else fallback


def product_names(catalog: model.Catalog, keys: tuple[str, ...], language: str) -> str:
    """'Spot, Margin' in English, '现货、杠杆' in Chinese; unknown keys as they are."""
    return ("、" if language == "zh" else ", ").join(
        product_title(catalog, key, language) for key in keys
    )


def product_title(catalog: model.Catalog, key: str, language: str) -> str:
    product = next(
        (product for product in catalog.products if product.key == key), None
    )
    if product is None:
        return key
    return (product.title_zh or product.title) if language == "zh" else product.title


def page_names(catalog: model.Catalog, names: tuple[str, ...], language: str) -> str:
    """Where texts come from: an endpoint page by its endpoint, another page by its
    product (and its curated title, for a product's second page)."""
    pages = {page.name: page for page in catalog.pages}
    labels = []
    for name in names:
        page = pages.get(name)
        if page is None:
            labels.append(name)
        elif page.endpoint:
            labels.append(page.endpoint)
        else:
            title = product_title(catalog, page.product, language)
            labels.append(f"{title}: {page.title}" if page.title else title)
    return ("、" if language == "zh" else ", ").join(dict.fromkeys(labels))


def endpoint_anchor(endpoint: str) -> str:
    """'POST /future/trade/v1/order/create' -> 'post-future-trade-v1-order-create'."""
    return naming.slug(endpoint)


def entry(catalog: model.Catalog, code: model.Code, language: Language) -> Entry:
    """A code as one language's page shows it: its text first, the other language's beside it."""
    chinese_first = language.code == "zh"

    def text(label: str, english: str, chinese: str | None, erratum: bool) -> Text:
        main, other = (
            (chinese, english) if chinese_first and chinese else (english, chinese)
        )
        return Text(
            label=label,
            main=main,
            other=other if other != main else None,
            erratum=erratum,
        )

    main = text("", code.description, code.description_zh, False)
    texts: list[Text] = []
    differing = [variant for variant in code.variants if not variant.duplicate]
    if differing:
        elsewhere = {name for variant in differing for name in variant.pages}
        own = tuple(name for name in code.pages if name not in elsewhere)
        texts.append(
            dataclasses.replace(main, label=page_names(catalog, own, language.code))
        )
    for variant in code.variants:
        label = page_names(catalog, variant.pages, language.code)
        if variant.duplicate:
            label = f"{language.labels.variant} ({label})"
        texts.append(
            text(label, variant.description, variant.description_zh, variant.duplicate)
        )
    kind = catalog.kind(code.kind)
    chinese = language.code == "zh"
    return Entry(
        code=code,
        kind=kind,
        text=main,
        hint=(code.hint_zh if chinese else None) or code.hint,
        meaning=(kind.summary_zh if chinese else None) or kind.summary,
        products=product_names(catalog, code.products, language.code),
        texts=tuple(texts),
        endpoints=tuple(
            (endpoint, endpoint_anchor(endpoint)) for endpoint in code.endpoints
        ),
    )


def sections(catalog: model.Catalog, language: Language) -> list[Section]:
    found = []
    labels = [
        language.labels.roles.get(table.role, table.enum) for table in catalog.tables
    ]
    for table, label in zip(catalog.tables, labels, strict=True):
        if labels.count(label) > 1:
            label = f"{label} ({safe_title(table.key, table.enum)})"
        grouped: dict[str, list[model.Code]] = {}
        for code in table.codes:
            grouped.setdefault(table.page(code), []).append(code)
        pages = []
        for url, codes in grouped.items():
            families = list(dict.fromkeys(code.family or "general" for code in codes))
            title = ", ".join(families) if table.by_family else label
            slug = url.strip("/").rsplit("/", 1)[-1]
            nav = safe_title(title, slug) if table.by_family else label
            entries = tuple(entry(catalog, code, language) for code in codes)
            pages.append(
                SitePage(
                    url=url,
                    source=doc_path(url),
                    nav_title=nav,
                    title=title,
                    table=table,
                    entries=entries,
                )
            )
        overview = None
        if table.by_family:
            overview = f"{naming.page(table.enum, None, False).strip('/')}/index.md"
        found.append(
            Section(table=table, nav_title=label, overview=overview, pages=tuple(pages))
        )
    return found
