"""Stage 5: render the reference site's sources (docs/, two mkdocs configs).

The site is built twice, once per language, with the same page paths:
docs/en/ -> site/en/ (mkdocs.yml) and docs/zh/ -> site/zh/ (mkdocs.zh.yml),
plus site/index.html, which sends a visitor to one of them. The spec's
`site_url` is the English site's root; the Chinese one is its sibling
folder (`language_root`).

Layout of each: a home page; the user's guide, from the README's sections
(guide/, `guide_pages`); the API reference, from the package's docstrings
(reference/, `reference_page`); all codes in one table; one page per table
of integer codes (http-status/), and for tables of named codes one page per
family (message-code/auth/) plus an overview (message-code/), each code an
entry (`codes_page`); the endpoints, the changes and the errata. Every text
from the documentation goes through `escaping`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from codegen import model, naming
from codegen.render import (
    catalog_json,
    changes_page,
    codes_page,
    endpoints_page,
    errata_page,
    escaping,
    guide_pages,
    jinja,
    reference_page,
)
from codegen.render.labels import LANGUAGES, Language

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
class ProductRow:
    """A product on the home page."""

    title: str  # in the reader's language
    other: str | None  # in the other language
    count: int  # codes its pages document today
    retired: int  # codes its pages documented once: XT dropped them


@dataclass(frozen=True, kw_only=True)
class SourceRow:
    """A source of XT's pages on the home page."""

    source: model.Source
    pages: int  # of today's pages in spec/source/; 0: only its past ones, for history


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


def sources(catalog: model.Catalog) -> list[SourceRow]:
    """Every source the spec records, with how many of today's pages come from it."""
    return [
        SourceRow(
            source=source,
            pages=sum(page.source == source.key for page in catalog.pages),
        )
        for source in catalog.sources
    ]


def render_site(catalog: model.Catalog, readme: str) -> dict[str, str]:
    """Every file of the site's sources, both languages; `readme` is the README's
    text, whose sections are the guide."""
    site_name = re.sub(r"[<>&\"'\\]", "", catalog.title) or "XT API response codes"
    errata_rows = errata_page.errata(catalog)
    context = {
        "catalog": catalog,
        "site_name": site_name,
        "example_code": _example_code(catalog),
        "languages": LANGUAGES,
        "errata": errata_rows,
        # a code's first erratum, linked from the text it set aside
        "erratum_anchors": {
            row.erratum.code: row.anchor
            for row in reversed(errata_rows)
            if row.erratum.code
        },
        "sources": sources(catalog),
        "search_separator": SEARCH_SEPARATOR,
        "guide": guide_pages.GUIDE,
        "catching": guide_pages.CATCHING,
        "retrying": guide_pages.RETRYING,
        "reference": reference_page,
        "meanings": reference_page.meaning_classes(catalog),
        "groups": reference_page.GROUPS,
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
        for path, text in guide_pages.guide_files(readme, language.code).items():
            files[docs + path] = text
        files[f"{docs}catalog.json"] = data
        files[docs + catalog_json.SCHEMA_FILE] = schema
    return files


def _language_pages(
    catalog: model.Catalog, language: Language, context: dict[str, object]
) -> dict[str, str]:
    """One language's site: its mkdocs config and the pages of docs/LANGUAGE/."""
    found = codes_page.sections(catalog, language)
    history = changes_page.changes(catalog)
    here = {
        **context,
        "language": language,
        "labels": language.labels,
        "sections": found,
        "products": products(catalog, language.code),
        "endpoints": endpoints_page.endpoints(catalog, language.code),
        "changes": history,
        "site_url": language_root(catalog.site_url, language.code),
        "errata_headings": errata_page.errata_headings(
            errata_page.errata(catalog), language.labels
        ),
        "all_codes": ALL_CODES,
        "code_total": sum(len(table.codes) for table in catalog.tables),
    }
    docs = f"docs/{language.code}/"
    files = {
        language.config: jinja.render("site/mkdocs.yml.jinja", **here),
        f"{docs}index.md": jinja.render(f"site/index.{language.code}.md.jinja", **here),
        f"{docs}errata.md": jinja.render("site/errata.md.jinja", **here),
        docs + ALL_CODES: jinja.render("site/all_codes.md.jinja", **here),
        docs + reference_page.PAGE: jinja.render("site/reference.md.jinja", **here),
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


def _example_code(catalog: model.Catalog) -> str:
    """A message code this catalog really has, for the home page's example body:
    AUTH_105 where it has one. Safe in a code fence and a JSON string."""
    codes = [
        code.text
        for table in catalog.tables
        if table.role == "message_code"
        for code in table.codes
        if code.exception and _SAFE_CODE.fullmatch(code.text)
    ]
    return "AUTH_105" if "AUTH_105" in codes or not codes else codes[0]
