"""The site's endpoints page: each endpoint a page documents, with the codes its page lists."""

from __future__ import annotations

from dataclasses import dataclass

from codegen import model
from codegen.render.codes_page import endpoint_anchor, product_title


@dataclass(frozen=True, kw_only=True)
class EndpointCode:
    """A code on the endpoints page: its entry, and the text that endpoint's page gives it."""

    code: model.Code
    link: str  # its entry, relative to the site root
    text: str  # in the reader's language where XT gives one


@dataclass(frozen=True, kw_only=True)
class EndpointEntry:
    endpoint: str  # "POST /future/trade/v1/order/create"
    anchor: str  # its id on the endpoints page
    product: str  # in the reader's language
    codes: tuple[EndpointCode, ...]


def endpoints(catalog: model.Catalog, language: str) -> list[EndpointEntry]:
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
            EndpointEntry(
                endpoint=endpoint.endpoint,
                anchor=endpoint_anchor(endpoint.endpoint),
                product=product_title(catalog, endpoint.product, language),
                codes=tuple(codes),
            )
        )
    return found
