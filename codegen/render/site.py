"""Stage 5: render the reference site's sources (docs/, two mkdocs configs).

The site is built twice, once per language, with the same page paths:
docs/en/ -> site/en/ (mkdocs.yml) and docs/zh/ -> site/zh/ (mkdocs.zh.yml),
plus site/index.html, which sends a visitor to one of them. The spec's
`site_url` is the English site's root; the Chinese one is its sibling
folder (`language_root`).

Layout of each: a home page, an errata page, one page per table of integer
codes (http-status/), and for tables of named codes one page per family
(message-code/auth/) plus an overview (message-code/). A code's entry is a
raw HTML block whose heading carries the code's anchor, so `docs_url` of the
package lands on it; every text from the documentation goes through
`escaping.markdown_text`.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from codegen import model, naming
from codegen.render import catalog_json, changes_page, escaping, jinja
from codegen.render.labels import LANGUAGES, Labels, Language

_SAFE_TITLE = re.compile(r"[A-Za-z0-9_. -]+")
_SAFE_CODE = re.compile(r"[A-Za-z0-9_.-]+")

# Where a search term splits into words, in both languages: spaces, the
# zero-width spaces the search plugin puts around jieba's Chinese words,
# Chinese punctuation, '_' and '.', a change from lower to upper case and from
# letters to digits. So `StaleRequestError` matches `xt_errors.StaleRequestError`,
# and `auth105` and `AUTH_105` both match AUTH_105.
SEARCH_SEPARATOR = (
    r"[\s\u200b\u3000\-_.,:;!?=/()\[\]'\"、。，．？！；：（）]+"
    r"|(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])"
)


REDIRECT = "docs/index.html"  # copied to site/index.html: sends visitors to en/ or zh/
ALL_CODES = "all-codes.md"  # every code of every table in one table, in each language


language_root = naming.language_root


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
    products: str  # the products whose pages document the code
    texts: tuple[Text, ...]  # each text with its pages, when pages differ
    endpoints: tuple[
        tuple[str, str], ...
    ]  # each endpoint, and its anchor on the endpoints page


@dataclass(frozen=True, kw_only=True)
class EndpointCode:
    """A code on the endpoints page: its entry, and the text that endpoint's page gives it."""

    code: model.Code
    link: str  # its entry, relative to the site root
    text: str  # in the reader's language where XT gives one


@dataclass(frozen=True, kw_only=True)
class Endpoint:
    endpoint: str  # "POST /future/trade/v1/order/create"
    anchor: str  # its id on the endpoints page
    product: str  # in the reader's language
    codes: tuple[EndpointCode, ...]


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


@dataclass(frozen=True, kw_only=True)
class ProductRow:
    """A product on the home page."""

    title: str  # in the reader's language
    other: str | None  # in the other language
    count: int  # codes its pages document today
    retired: int  # codes its pages documented once: XT dropped them


@dataclass(frozen=True)
class ErratumRow:
    erratum: model.Erratum
    anchor: str  # this erratum's id on the errata page
    entry: str | None  # the code's entry, relative to the site root


_CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def erratum_kind(erratum: model.Erratum, labels: Labels) -> str:
    """What an erratum fixes, for its heading: 'English text', 'another spelling', ..."""
    kinds = labels.errata_kinds
    if erratum.missing_in:
        name = labels.language_names.get(erratum.missing_in, erratum.missing_in)
        return kinds["missing"].format(language=name)
    if erratum.spelling_of:
        return kinds["spelling"]
    if erratum.as_written:
        return kinds["as_written"]
    if erratum.stands_for:
        return kinds["stands_for"]
    if erratum.swapped:
        return kinds["swapped"]
    if erratum.endpoint:
        return kinds["endpoint"]
    if erratum.texts or erratum.stands:
        chinese = erratum.wrong_in == "zh" or (
            erratum.wrong_in is None
            and any(
                _CHINESE.search(text) for text in (*erratum.texts, erratum.stands or "")
            )
        )
        return kinds["zh" if chinese else "en"]
    return kinds["other"]


def errata_headings(rows: list[ErratumRow], labels: Labels) -> dict[str, str]:
    """Each erratum's heading after its code or page, by its anchor: distinct on the page.

    Two errata of one code fix different texts ('English text', 'Chinese text');
    should two still read the same, they are numbered.
    """
    kinds = {row.anchor: erratum_kind(row.erratum, labels) for row in rows}
    subject = {row.anchor: row.erratum.code or row.erratum.page or "" for row in rows}
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (subject[row.anchor], kinds[row.anchor])
        seen[key] = seen.get(key, 0) + 1
    numbered: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (subject[row.anchor], kinds[row.anchor])
        if seen[key] > 1:
            numbered[key] = numbered.get(key, 0) + 1
            kinds[row.anchor] += f" {numbered[key]}"
    return kinds


def doc_path(url: str) -> str:
    """'message-code/auth/' -> 'message-code/auth.md'; 'http-status/' -> 'http-status.md'."""
    return f"{url.strip('/')}.md"


def safe_title(text: str, fallback: str) -> str:
    """A nav title: `text` when plainly safe for YAML and unescaped HTML, else `fallback`."""
    return text if _SAFE_TITLE.fullmatch(text) else fallback


def product_names(catalog: model.Catalog, keys: tuple[str, ...], language: str) -> str:
    """'Spot, Margin' in English, '现货、杠杆' in Chinese; unknown keys as they are."""
    return ("、" if language == "zh" else ", ").join(
        _product_title(catalog, key, language) for key in keys
    )


def _product_title(catalog: model.Catalog, key: str, language: str) -> str:
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
            title = _product_title(catalog, page.product, language)
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
    return Entry(
        code=code,
        kind=catalog.kind(code.kind),
        text=main,
        products=product_names(catalog, code.products, language.code),
        texts=tuple(texts),
        endpoints=tuple(
            (endpoint, endpoint_anchor(endpoint)) for endpoint in code.endpoints
        ),
    )


def endpoints(catalog: model.Catalog, language: str) -> list[Endpoint]:
    """Each endpoint a page documents, with the codes its page lists."""
    found = []
    for endpoint in catalog.endpoints:
        codes = []
        for table, code in catalog.own_codes(endpoint.endpoint):
            english, chinese = code.description, code.description_zh
            for variant in code.variants:
                if endpoint.endpoint in variant.endpoints and not variant.duplicate:
                    english, chinese = variant.description, variant.description_zh
            shown = (chinese or english) if language == "zh" else english
            codes.append(EndpointCode(code=code, link=table.link(code), text=shown))
        found.append(
            Endpoint(
                endpoint=endpoint.endpoint,
                anchor=endpoint_anchor(endpoint.endpoint),
                product=_product_title(catalog, endpoint.product, language),
                codes=tuple(codes),
            )
        )
    return found


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


def products(catalog: model.Catalog, language: str) -> list[ProductRow]:
    counts = {product.key: 0 for product in catalog.products}
    retired = dict(counts)
    for table in catalog.tables:
        for code in table.codes:
            for key in code.products:
                tally = retired if code.retired else counts
                tally[key] = tally.get(key, 0) + 1
    rows = []
    for product in catalog.products:
        english, chinese = product.title, product.title_zh
        main, other = (
            (chinese, english) if language == "zh" and chinese else (english, chinese)
        )
        rows.append(
            ProductRow(
                title=main,
                other=other,
                count=counts[product.key],
                retired=retired[product.key],
            )
        )
    return rows


def errata(catalog: model.Catalog) -> list[ErratumRow]:
    where = {
        code.text: table.link(code) for table in catalog.tables for code in table.codes
    }
    return [
        ErratumRow(
            erratum,
            f"erratum-{number}",
            where.get(erratum.spelling_of or erratum.code or ""),
        )
        for number, erratum in enumerate(catalog.errata, 1)
    ]


def render_site(catalog: model.Catalog) -> dict[str, str]:
    site_name = re.sub(r"[<>&\"'\\]", "", catalog.title) or "XT API response codes"
    errata_rows = errata(catalog)
    context = {
        "catalog": catalog,
        "site_name": site_name,
        "example": _example(catalog),
        "languages": LANGUAGES,
        "errata": errata_rows,
        # a code's first erratum, linked from the text it set aside
        "erratum_anchors": {
            row.erratum.code: row.anchor
            for row in reversed(errata_rows)
            if row.erratum.code
        },
        "sources": [
            source
            for source in catalog.sources
            if any(page.source == source.key for page in catalog.pages)
        ],
        "search_separator": SEARCH_SEPARATOR,
    }
    data = escaping.json_text(catalog_json.data(catalog, catalog.version))
    schema = escaping.json_text(catalog_json.schema(catalog))
    files = {
        REDIRECT: jinja.render("site/redirect.html.jinja", **context),
        "docs/overrides/partials/alternate.html": jinja.render(
            "site/alternate.html.jinja"
        ),
    }
    for language in LANGUAGES:
        files.update(_language_pages(catalog, language, context))
        docs = f"docs/{language.code}/"
        files[f"{docs}catalog.json"] = data
        files[docs + catalog_json.SCHEMA_FILE] = schema
    return files


def _language_pages(
    catalog: model.Catalog, language: Language, context: dict[str, object]
) -> dict[str, str]:
    """One language's site: its mkdocs config and the pages of docs/LANGUAGE/."""
    found = sections(catalog, language)
    history = changes_page.changes(catalog)
    here = {
        **context,
        "language": language,
        "labels": language.labels,
        "sections": found,
        "products": products(catalog, language.code),
        "endpoints": endpoints(catalog, language.code),
        "changes": history,
        "site_url": language_root(catalog.site_url, language.code),
        "errata_headings": errata_headings(errata(catalog), language.labels),
        "all_codes": ALL_CODES,
        "code_total": sum(len(table.codes) for table in catalog.tables),
    }
    docs = f"docs/{language.code}/"
    files = {
        language.config: jinja.render("site/mkdocs.yml.jinja", **here),
        f"{docs}index.md": jinja.render(f"site/index.{language.code}.md.jinja", **here),
        f"{docs}errata.md": jinja.render("site/errata.md.jinja", **here),
        docs + ALL_CODES: jinja.render("site/all_codes.md.jinja", **here),
    }
    if catalog.endpoints:
        files[f"{docs}endpoints.md"] = jinja.render("site/endpoints.md.jinja", **here)
    if history:
        files[f"{docs}changes.md"] = jinja.render("site/changes.md.jinja", **here)
    files[f"{docs}assets/xt.css"] = jinja.render("site/xt.css.jinja")
    files[f"{docs}assets/xt.js"] = jinja.render("site/xt.js.jinja")
    for section in found:
        if section.overview is not None:
            prefix = section.overview[: -len("index.md")]
            files[docs + section.overview] = jinja.render(
                "site/overview.md.jinja",
                **here,
                section=section,
                links={page.url: page.url[len(prefix) :] for page in section.pages},
            )
        for page in section.pages:
            files[docs + page.source] = jinja.render(
                "site/codes.md.jinja", **here, page=page
            )
    return files


@dataclass(frozen=True)
class Example:
    code: str  # a message code, safe in a Python literal and a code fence
    family_class: str  # the class to catch by family
    kind_class: str  # the class to catch by meaning


def _example(catalog: model.Catalog) -> Example:
    """The home page's usage example, named after codes this catalog really has."""
    codes = [
        code
        for table in catalog.tables
        if table.role == "message_code"
        for code in table.codes
        if code.family_class and code.exception and _SAFE_CODE.fullmatch(code.text)
    ]
    preferred = [code for code in codes if code.text == "AUTH_105"] + codes
    exceptions = [kind.exception for kind in catalog.kinds if kind.exception]
    kind_class = next(
        (
            name
            for name in ["InsufficientFundsError", *exceptions]
            if name in exceptions
        ),
        "XTError",
    )
    if preferred and naming.is_identifier(preferred[0].family_class or ""):
        code = preferred[0]
        return Example(code.text, code.family_class or "XTError", kind_class)
    return Example("AUTH_105", "XTError", kind_class)
