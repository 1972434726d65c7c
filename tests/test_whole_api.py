"""The whole-API catalog: every code of XT's fourteen response-code pages (frozen in tests/fixtures/xt-api/), as a trader meets it.

The pages of XT's documentation site (the futures endpoint pages, the WebSocket pages) are
test_current_docs.py's and test_websocket.py's."""

from __future__ import annotations

import json

import pytest
from ruamel.yaml import YAML

import xt_errors
from codegen.read import document
from tests.conftest import XT_API, XT_PAGES, frozen_generation

SPEC = YAML(typ="safe").load((XT_API / "spec" / "catalog.yaml").read_text(encoding="utf-8"))
PRODUCTS = {  # response-code page -> product, as the spec's curated pages say
    name: page["product"]
    for english, page in SPEC["pages"].items()
    if english.endswith("-response-codes.md")
    for name in (english, page["zh"])
}
ERRATA = {str(erratum["code"]) for erratum in SPEC["errata"] if "code" in erratum}  # the Chinese duplicates they set aside are not variants
ENUMS = (xt_errors.HttpStatus, xt_errors.ReturnCode, xt_errors.MessageCode, xt_errors.FuturesErrorCode)


def member_for(code: str, header: str) -> xt_errors.Code:
    """The member a documented row stands for: futures 'Status code' rows split by integer-ness."""
    if header in ("httpStatus", "Status code", "状态码") and code.isdigit():
        return xt_errors.HttpStatus(int(code))
    if header in ("Status code", "状态码"):
        return xt_errors.FuturesErrorCode(code)
    if header == "rc":
        return xt_errors.ReturnCode(int(code))
    return xt_errors.MessageCode(code)


def rows(language: str):
    for path in sorted(XT_PAGES / name for name in PRODUCTS):
        if path.name.endswith(".zh.md") == (language == "zh"):
            for table in document.read_document(path, path.name):
                for row in table.rows:
                    yield PRODUCTS[path.name], table.key, row


def test_the_pages_are_those_the_spec_names():
    assert sorted(path.name for path in XT_PAGES.glob("*-response-codes*.md")) == sorted(PRODUCTS)
    assert len(PRODUCTS) == 14


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_documented_text_is_in_the_package_for_its_product(language):
    seen = set()
    for product, header, row in rows(language):
        member = member_for(row.code, header)
        assert product in member.products, (row.code, product)
        texts = member.texts if language == "en" else member.texts_zh
        standing = texts[product]
        # A row an erratum set aside stays reachable as XT's variant.
        duplicates = [v.description for v in member.variants if v.duplicate and product in v.products]
        if language == "en":
            assert row.description in (standing, *duplicates), (row.code, product)
        else:
            assert row.description == standing or row.code in ERRATA, (row.code, product)
        seen.add(product)
    assert seen == set(PRODUCTS.values())


def test_whole_api_counts_and_one_class_per_error_code():
    members = list(dict.fromkeys(member_for(row.code, header) for _, header, row in rows("en")))
    assert len(members) == 168
    classes = [member.exception for member in members if member.exception is not None]
    assert len(classes) == len(set(classes)) == 165
    everything = [member for enum in ENUMS for member in enum]
    assert len({member.exception for member in everything} - {None}) == len(everything) - 3  # 200, 0, SUCCESS
    for member in members:
        assert member.products and member.hint and member.description_zh
        if member.exception is not None:
            # Readable names: never a bare counter such as GatewayRiskControl1Error.
            assert not member.exception.__name__[:-5][-1:].isdigit() or member.family == "GATEWAY"


def test_a_spot_trader_catches_insufficient_funds_by_meaning():
    body = b'{"rc":1,"mc":"ORDER_002","ma":[],"result":null}'
    with pytest.raises(xt_errors.InsufficientFundsError) as caught:
        xt_errors.raise_for_response(200, body)
    assert isinstance(caught.value, xt_errors.OrderError)  # and by family
    assert caught.value.message == "insufficient funds"
    assert caught.value.mc.products == ("spot", "spot_copy_trading")


def test_futures_login_statuses_are_authentication_errors():
    for status in (401, 403):
        with pytest.raises(xt_errors.AuthenticationError) as caught:
            xt_errors.raise_for_response(status, b"")
        assert caught.value.http_status == status
        assert xt_errors.HttpStatus(status).products == ("futures", "futures_copy_trading")


def test_futures_error_code_raises_its_own_class_with_xt_message():
    body = b'{"returnCode":1,"msgInfo":"failure","error":{"code":"invalid_symbol","msg":"Symbol illegal"},"result":null}'
    with pytest.raises(xt_errors.InvalidRequestError) as caught:
        xt_errors.raise_for_response(200, body)
    error = caught.value
    assert type(error) is xt_errors.FuturesErrorCode.invalid_symbol.exception
    assert error.mc is xt_errors.FuturesErrorCode.invalid_symbol and error.rc == 1
    assert "Symbol illegal" in error.message and "Symbol illegal" in str(error)
    # XT's own words, when they say more than the documentation, are kept too.
    body = b'{"returnCode":1,"error":{"code":"invalid_symbol","msg":"symbol btc_usdx not found"},"result":null}'
    with pytest.raises(xt_errors.InvalidRequestError) as caught:
        xt_errors.raise_for_response(200, body)
    assert "symbol btc_usdx not found" in caught.value.message
    assert "symbol btc_usdx not found" in str(caught.value)


def test_one_lookup_finds_any_code_of_any_product():
    assert xt_errors.lookup("ORDER_002") is xt_errors.MessageCode.ORDER_002
    assert xt_errors.lookup("invalid_symbol") is xt_errors.FuturesErrorCode.invalid_symbol
    assert xt_errors.lookup(401) is xt_errors.lookup("401") is xt_errors.HttpStatus.UNAUTHORIZED
    assert xt_errors.lookup("StaleRequestError") is xt_errors.MessageCode.AUTH_105
    assert xt_errors.lookup("GatewayRiskControl1Error") is xt_errors.MessageCode.GATEWAY_0001
    with pytest.raises(KeyError):
        xt_errors.lookup("NOPE_001")


def test_one_code_several_texts_kept_per_product():
    ok = xt_errors.HttpStatus.OK
    assert ok.description == "The request is successful, please check the rc and mc sections further"
    assert ok.texts["futures"] == ok.texts["futures_copy_trading"] == "Success"
    assert ok.texts["spot"] == ok.description
    assert ok.texts_zh["futures"] == "成功"
    symbol = xt_errors.MessageCode.SYMBOL_001
    assert symbol.description == "Symbol not exist"
    assert [(v.products, v.description, v.duplicate) for v in symbol.variants] == [
        (("spot", "spot_copy_trading"), "Symbol does not exist", True)
    ]


def test_renamed_classes_stay_importable():
    assert xt_errors.GatewayRiskControl1Error is xt_errors.GatewayRiskControl0001Error
    assert xt_errors.PositionClosingError is xt_errors.MessageCode.LEVER_ORDER_082.exception


def test_catalog_json_carries_products_variants_and_chinese():
    data = json.loads(frozen_generation().files["docs/en/catalog.json"])
    http = next(table for table in data["tables"] if table["key"] == "httpStatus")
    ok = next(code for code in http["codes"] if code["code"] == 200)
    assert ok["products"][:2] == ["spot", "futures"]
    assert ok["variants"][0]["description"] == "Success"
    assert ok["description_zh"] == "请求成功，请进一步查看rc、mc部分"
    assert ok["docs_url"] == xt_errors.HttpStatus.OK.docs_url
    assert ok["docs_url_zh"] == xt_errors.HttpStatus.OK.docs_url_zh
