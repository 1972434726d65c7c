"""Stage 2 (codegen/spec/merge.py), in process: twins, routes, errata and products, as the sync receives them."""

from __future__ import annotations

import pytest

from codegen.errors import SourceError
from codegen.model import Erratum, Variant
from codegen.read import document
from codegen.spec import merge, rules

SPEC = "spec/catalog.yaml"


def markdown(*tables: tuple[str, str, list[tuple[str, str]]]) -> str:
    """Plain markdown pages: each table's header row is on line 1, 1 + its rows + 3, ..."""
    return "\n".join(
        f"| {key} | {title} |\n| --- | --- |\n" + "".join(f"| {code} | {text} |\n" for code, text in rows)
        for key, title, rows in tables
    )


def page(product: str, language: str, *tables: tuple[str, str, list[tuple[str, str]]]) -> document.Document:
    """One product's page in one language, read by stage 1 like any page (spot.md, spot.zh.md)."""
    path = f"{product}.zh.md" if language == "zh" else f"{product}.md"
    return document.Document(name=path, path=path, tables=tuple(document.parse_document(markdown(*tables), path)))


def twins(product: str, key: str, rows: list[tuple[str, str, str]], title=("message code", "消息码")):
    """An English page and its Chinese twin of one table; rows are (code, English, Chinese)."""
    return [
        page(product, "en", (key, title[0], [(code, en) for code, en, _ in rows])),
        page(product, "zh", (key, title[1], [(code, zh) for code, _, zh in rows])),
    ]


def pairs(pages: list[document.Document], products: list[str] | None = None) -> list[merge.PagePair]:
    """The pages paired as the sync pairs them (a page `x.md` with `x.zh.md`), in catalog order:
    the order of `products` (by default, as the pages come), a product it does not list last."""
    chinese = {page.name: page for page in pages if page.name.endswith(".zh.md")}
    english = [page for page in pages if not page.name.endswith(".zh.md")]
    order = products if products is not None else list(dict.fromkeys(page.name.removesuffix(".md") for page in english))
    english.sort(key=lambda page: order.index(page.name[:-3]) if page.name[:-3] in order else len(order))
    return [
        merge.PagePair(key=page.name, product=page.name[:-3], endpoint=None, en=page, zh=chinese.get(page.name[:-3] + ".zh.md"))
        for page in english
    ]


def run(pages, products=None, routes=(), errata=()):
    return merge.merge(pairs(list(pages), products), list(routes), list(errata), SPEC)


def failure(pages, products=None, routes=(), errata=()) -> SourceError:
    with pytest.raises(SourceError) as caught:
        run(pages, products, routes, errata)
    assert "\n" not in str(caught.value)
    return caught.value


def erratum(code, *texts, stands=None, missing_in=None, stands_for=None, swapped=False, line=40):
    return Erratum(
        code=code,
        page=None,
        texts=texts,
        stands=stands,
        missing_in=missing_in,
        spelling_of=None,
        as_written=False,
        stands_for=stands_for,
        swapped=swapped,
        endpoint=None,
        wrong_in=None,
        why="",
        line=line,
    )


def merged_code(code: str, text: str, text_zh: str, line: int) -> merge.MergedCode:
    """A code the spot page alone documents, at `line` of spot.md."""
    return merge.MergedCode(
        code=code,
        description=text,
        description_zh=text_zh,
        condition=None,
        condition_zh=None,
        pages=("spot.md",),
        products=("spot",),
        endpoints=(),
        spellings=(),
        variants=(),
        path="spot.md",
        line=line,
    )


def variant(products: tuple[str, ...], description: str, description_zh: str | None, duplicate: bool) -> Variant:
    """A variant of the pages of `products` (one page each, none of an endpoint)."""
    return Variant(
        pages=tuple(f"{product}.md" for product in products),
        products=products,
        endpoints=(),
        description=description,
        description_zh=description_zh,
        duplicate=duplicate,
    )


# -- twins: a Chinese page paired with its English one ------------------------------


def test_each_row_gets_its_twins_text_matched_by_code():
    en = page("spot", "en", ("mc", "message code", [("A_1", "one"), ("A_2", "two")]))
    zh = page("spot", "zh", ("mc", "消息码", [("A_2", "二"), ("A_1", "一")]))  # another order
    merged = run([en, zh])
    assert list(merged) == ["mc"]
    table = merged["mc"]
    assert (table.title, table.title_zh) == ("message code", "消息码")
    assert table.codes == (
        merged_code("A_1", "one", "一", line=3),
        merged_code("A_2", "two", "二", line=4),
    )


def test_a_page_without_a_chinese_twin_has_no_chinese_texts():
    (code,) = run([page("spot", "en", ("mc", "message code", [("A_1", "one")]))])["mc"].codes
    assert (code.description, code.description_zh) == ("one", None)
    assert run([page("spot", "en", ("mc", "message code", [("A_1", "one")]))])["mc"].title_zh is None


def test_a_row_missing_on_the_chinese_page_stops_at_the_english_row():
    pages = twins("spot", "mc", [("A_1", "one", "一"), ("A_2", "two", "二")])
    pages[1] = page("spot", "zh", ("mc", "消息码", [("A_1", "一")]))
    error = failure(pages)
    assert (error.path, error.line) == ("spot.md", 4)
    assert error.message == (
        "code 'A_2' is not in the Chinese table at spot.zh.md:1; if XT left it out, add to the spec's "
        "errata: {code: A_2, texts: ['two'], missing_in: zh, why: ...}"
    )


def test_a_row_missing_on_the_english_page_stops_at_the_chinese_row():
    pages = twins("spot", "mc", [("A_1", "one", "一")])
    pages[1] = page("spot", "zh", ("mc", "消息码", [("A_1", "一"), ("A_9", "九")]))
    error = failure(pages)
    assert (error.path, error.line) == ("spot.zh.md", 4)
    assert "code 'A_9' is not in the English table at spot.md:1" in error.message
    assert "{code: A_9, texts: ['九'], missing_in: en, why: ...}" in error.message


def test_missing_in_accepts_a_row_one_language_lacks():
    pages = [
        page("spot", "en", ("mc", "message code", [("A_1", "one"), ("A_2", "two")])),
        page("spot", "zh", ("mc", "消息码", [("A_1", "一"), ("A_3", "三")])),
    ]
    errata = [erratum("A_2", "two", missing_in="zh"), erratum("A_3", "三", missing_in="en")]
    codes = {code.code: code for code in run(pages, errata=errata)["mc"].codes}
    assert (codes["A_2"].description, codes["A_2"].description_zh) == ("two", None)
    # No English text: the Chinese one stands for both until XT adds it.
    assert (codes["A_3"].description, codes["A_3"].description_zh) == ("三", "三")
    assert (codes["A_3"].path, codes["A_3"].line) == ("spot.zh.md", 4)


def test_a_row_with_code_and_text_swapped_or_no_code_reads_as_its_erratum_says():
    sentence = "The pair does not support OpenAPI"
    pages = [
        page("futures", "en", ("Error code", "Desc", [("A_1", "one"), (sentence, "no_openapi"), ("Not a code.", "Also no OpenAPI")])),
        page("futures", "zh", ("Error code", "Desc", [("A_1", "一"), ('Not OpenAPI."', "不支持"), ("Not a code.", "也不支持")])),
    ]
    errata = [
        erratum("no_openapi", swapped=True),  # the English row: code and text swapped
        erratum('Not OpenAPI."', stands_for="no_openapi"),  # its Chinese row: a sentence for a code
        erratum("Not a code.", stands_for="no_openapi_2"),  # a row of both languages with no code
    ]
    codes = {code.code: code for code in run(pages, errata=errata)["Error code"].codes}
    assert list(codes) == ["A_1", "no_openapi", "no_openapi_2"]
    assert (codes["no_openapi"].description, codes["no_openapi"].description_zh) == (sentence, "不支持")
    assert (codes["no_openapi_2"].description, codes["no_openapi_2"].description_zh) == ("Also no OpenAPI", "也不支持")
    assert codes["no_openapi"].spellings == () and codes["no_openapi_2"].spellings == ()


def test_a_stale_row_erratum_stops():
    pages = twins("spot", "mc", [("A_1", "one", "一")])
    with pytest.raises(SourceError, match="matches nothing in the documents any more"):
        run(pages, errata=[erratum("gone", swapped=True)])


def test_a_table_with_a_trigger_condition_column_gives_each_code_its_condition_in_both_languages():
    english = "| Code | Description | Trigger Condition |\n| --- | --- | --- |\n| L_1 | Too small | amount < min |\n"
    chinese = "| 错误码 | 说明 | 触发条件 |\n| --- | --- | --- |\n| L_1 | 太小 | 金额 < 最小值 |\n"
    pages = [
        document.Document(name=name, path=name, tables=tuple(document.parse_document(text, name)))
        for name, text in (("loan.md", english), ("loan.zh.md", chinese))
    ]
    (code,) = run(pages)["Code"].codes
    assert (code.description, code.description_zh) == ("Too small", "太小")
    assert (code.condition, code.condition_zh) == ("amount < min", "金额 < 最小值")


def test_a_missing_in_erratum_is_matched_by_its_text():
    pages = twins("spot", "mc", [("A_1", "one", "一")])
    pages[0] = page("spot", "en", ("mc", "message code", [("A_1", "one"), ("A_2", "reworded")]))
    error = failure(pages, errata=[erratum("A_2", "two", missing_in="zh")])
    assert (error.path, error.line) == ("spot.md", 4) and "missing_in: zh" in error.message


def test_a_code_listed_again_in_english_only_says_so():
    pages = [
        page("spot", "en", ("mc", "message code", [("A_1", "one"), ("A_1", "one again")])),
        page("spot", "zh", ("mc", "消息码", [("A_1", "一")])),
    ]
    error = failure(pages)
    assert (error.path, error.line) == ("spot.md", 4)
    assert "is listed again here (first on line 3) but not again in the Chinese table at spot.zh.md:1" in error.message


def test_twins_with_a_different_number_of_tables_stop():
    en = page("spot", "en", ("httpStatus", "description", [("200", "ok")]), ("mc", "message code", [("A_1", "one")]))
    zh = page("spot", "zh", ("mc", "消息码", [("A_1", "一")]))
    error = failure([en, zh])
    assert (error.path, error.line) == ("spot.zh.md", 1)
    assert error.message == (
        "1 code tables here, 2 in its English page spot.md: the two pages must have the same tables"
    )


def test_two_pages_of_one_product_each_give_their_endpoint():
    general = page("futures", "en", ("mc", "error code", [("A_1", "one"), ("A_2", "two")]))
    endpoint = document.Document(name="order.md", path="order.md", tables=tuple(document.parse_document(markdown(("mc", "error code", [("A_1", "one")])), "order.md")))
    merged = merge.merge(
        [
            merge.PagePair(key="futures.md", product="futures", endpoint=None, en=general, zh=None),
            merge.PagePair(key="order.md", product="futures", endpoint="POST /order", en=endpoint, zh=None),
        ],
        [], [], SPEC,
    )
    a_1, a_2 = merged["mc"].codes
    assert (a_1.pages, a_1.products, a_1.endpoints) == (("futures.md", "order.md"), ("futures",), ("POST /order",))
    assert (a_2.pages, a_2.endpoints) == (("futures.md",), ())


# -- routes: the spec's `from` rules --------------------------------------------------

FUTURES_ROUTES = [
    rules.Route(table="httpStatus", header="httpStatus"),
    rules.Route(table="httpStatus", header="Status code", rows="integers"),
    rules.Route(table="futures", header="Status code", rows="names"),
]


def test_integers_and_names_of_one_table_go_to_different_tables():
    futures = page(
        "futures", "en",
        ("Status code", "description", [("403", "Login expired"), ("invalid_params", "bad"), ("200", "Success")]),
    )
    merged = run([futures], routes=FUTURES_ROUTES)
    assert {key: [code.code for code in table.codes] for key, table in merged.items()} == {
        "httpStatus": ["200", "403"],  # integer codes sort like http.HTTPStatus
        "futures": ["invalid_params"],
    }
    assert merged["futures"].title == merged["httpStatus"].title == "description"


def test_rows_of_two_headers_meet_in_one_table_across_products():
    spot = page("spot", "en", ("httpStatus", "description", [("429", "Too many"), ("200", "ok")]))
    futures = page("futures", "en", ("Status code", "description", [("200", "Success"), ("401", "Login")]))
    (table,) = run([spot, futures], routes=FUTURES_ROUTES[:2]).values()
    assert [(code.code, code.products) for code in table.codes] == [
        ("200", ("spot", "futures")), ("401", ("futures",)), ("429", ("spot",)),
    ]


def test_an_unrouted_table_becomes_its_own():
    merged = run([page("spot", "en", ("newKey", "new codes", [("B_2", "b"), ("B_1", "a")]))], routes=FUTURES_ROUTES)
    assert list(merged) == ["newKey"]
    assert [code.code for code in merged["newKey"].codes] == ["B_2", "B_1"]  # names keep the page's order


def test_a_row_that_fits_no_route_stops_at_its_line():
    futures = page("futures", "en", ("Status code", "description", [("200", "Success"), ("invalid_params", "bad")]))
    error = failure([futures], routes=FUTURES_ROUTES[1:2])
    assert (error.path, error.line) == ("futures.md", 4)
    assert error.message == (
        "code 'invalid_params' of table 'Status code' fits none of the spec's tables "
        "that take rows of 'Status code' (their 'from' rules)"
    )


# -- errata: a code listed twice on one page -------------------------------------------


def test_a_duplicate_code_without_an_erratum_names_both_lines_and_the_entry_to_add():
    pages = [page("spot", "en", ("mc", "message code", [("S_1", "Symbol not exist"), ("S_2", "x"), ("S_1", "Symbol does not exist")]))]
    error = failure(pages)
    assert (error.path, error.line) == ("spot.md", 5)
    assert error.message == (
        "duplicate code 'S_1': first on line 3 as 'Symbol not exist', here as 'Symbol does not exist'; "
        "to accept it, add to the spec's errata: {code: S_1, texts: ['Symbol not exist', "
        "'Symbol does not exist'], stands: 'Symbol not exist', why: ...}"
    )


def test_a_duplicate_with_the_same_text_says_so():
    error = failure([page("spot", "en", ("mc", "message code", [("S_1", "same"), ("S_1", "same")]))])
    assert (error.path, error.line) == ("spot.md", 4)
    assert error.message.startswith("duplicate code 'S_1': first on line 3 as 'same', here again, with the same text;")
    assert "{code: S_1, texts: ['same', 'same'], stands: 'same', why: ...}" in error.message


def test_the_erratums_text_stands_and_the_other_is_xts_variant():
    pages = twins("spot", "mc", [("S_1", "not exist", "不存在"), ("S_1", "does not exist", "不存在")])
    errata = [
        erratum("S_1", "not exist", "does not exist", stands="does not exist"),
        erratum("S_1", "不存在", "不存在", stands="不存在"),
    ]
    (code,) = run(pages, errata=errata)["mc"].codes
    assert (code.description, code.description_zh, code.line) == ("does not exist", "不存在", 4)
    assert code.variants == (variant(("spot",), "not exist", "不存在", True),)


def test_errata_that_keep_different_rows_per_language_stop():
    pages = twins("spot", "mc", [("S_1", "not exist", "不存在"), ("S_1", "does not exist", "并不存在")])
    errata = [
        erratum("S_1", "not exist", "does not exist", stands="not exist"),
        erratum("S_1", "不存在", "并不存在", stands="并不存在"),
    ]
    error = failure(pages, errata=errata)
    assert (error.path, error.line) == ("spot.zh.md", 3)
    assert "keep different rows in English (spot.md:3) and in Chinese (spot.zh.md:4)" in error.message


def test_an_erratum_matching_nothing_is_stale_at_its_spec_line():
    pages = [page("spot", "en", ("mc", "message code", [("S_1", "Symbol not exist")]))]
    error = failure(pages, errata=[erratum("S_1", "Symbol not exist", "Symbol does not exist", stands="Symbol not exist", line=52)])
    assert (error.path, error.line) == (SPEC, 52)
    assert error.message == (
        "erratum for 'S_1' ('Symbol not exist' / 'Symbol does not exist') matches nothing in the "
        "documents any more (XT fixed the page?): remove it from errata"
    )


def test_the_first_stale_erratum_is_named_when_another_still_matches():
    pages = [page("spot", "en", ("mc", "message code", [("S_1", "a"), ("S_1", "b")]))]
    errata = [erratum("S_1", "a", "b", stands="a", line=10), erratum("X_1", "gone", missing_in="zh", line=14)]
    error = failure(pages, errata=errata)
    assert (error.path, error.line) == (SPEC, 14) and "erratum for 'X_1' ('gone')" in error.message


# -- one code across products ------------------------------------------------------------


def test_the_first_products_text_stands_and_the_others_are_variants():
    margin = twins("margin", "mc", [("A_1", "same", "同"), ("A_2", "margin's words", "杠杆")])
    third = twins("third_party", "mc", [("A_2", "margin's words", "杠杆")])
    spot = twins("spot", "mc", [("A_2", "spot's words", "现货"), ("A_3", "three", "三")])
    # Pages arrive in any order; the spec's products order decides who stands.
    (table,) = run([*margin, *third, *spot], products=["spot", "margin", "third_party"]).values()
    codes = {code.code: code for code in table.codes}
    assert [code.code for code in table.codes] == ["A_2", "A_3", "A_1"]  # first seen in product order
    a_2 = codes["A_2"]
    assert (a_2.description, a_2.description_zh, a_2.products) == ("spot's words", "现货", ("spot", "margin", "third_party"))
    assert a_2.variants == (variant(("margin", "third_party"), "margin's words", "杠杆", False),)
    assert (a_2.path, a_2.line) == ("spot.md", 3)
    assert (codes["A_1"].products, codes["A_1"].variants) == (("margin",), ())


def test_the_same_text_on_every_page_is_one_code_without_variants():
    pages = [*twins("spot", "mc", [("A_1", "one", "一")]), *twins("margin", "mc", [("A_1", "one", "一")])]
    (code,) = run(pages)["mc"].codes
    assert (code.products, code.variants) == (("spot", "margin"), ())


def test_a_chinese_text_that_differs_by_product_is_a_variant_too():
    pages = [*twins("spot", "mc", [("A_1", "one", "一")]), *twins("margin", "mc", [("A_1", "one", "壹")])]
    (code,) = run(pages)["mc"].codes
    assert code.variants == (variant(("margin",), "one", "壹", False),)


def test_a_product_the_spec_does_not_list_comes_last():
    pages = [page("new", "en", ("mc", "message code", [("A_1", "new words")])), page("spot", "en", ("mc", "message code", [("A_1", "spot words")]))]
    (code,) = run(pages, products=["spot"])["mc"].codes
    assert (code.description, code.products) == ("spot words", ("spot", "new"))


def test_a_duplicate_set_aside_on_two_products_is_one_variant():
    rows = [("S_1", "not exist"), ("S_1", "does not exist")]
    pages = [page("spot", "en", ("mc", "message code", rows)), page("copy", "en", ("mc", "message code", rows))]
    (code,) = run(pages, errata=[erratum("S_1", "not exist", "does not exist", stands="not exist")])["mc"].codes
    assert (code.description, code.products) == ("not exist", ("spot", "copy"))
    assert code.variants == (variant(("spot", "copy"), "does not exist", None, True),)
