"""Stage 1 (codegen/read/docusaurus.py): XT's Docusaurus `.mdx` pages, their code tables and endpoint."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.errors import SourceError
from codegen.read import document, docusaurus
from codegen.run import pipeline
from tests.conftest import FIXTURES

XTAPIS = FIXTURES / "xtapis"
EN = XTAPIS / "docs"
ZH = XTAPIS / "i18n" / "zh-CN" / "docusaurus-plugin-content-docs" / "current"

FRONT = "---\nid: Page\ntitle: A page\nsidebar_label: A page\nsidebar_position: 3\n---\n"
CODES = "| Error code | Description |\n| --- | --- |\n| invalid_symbol | No such pair |\n| invalid_price | Bad price |\n"


def read(body: str, front: str = FRONT) -> document.Document:
    text = front + body
    return document.parse_page(text, "page.mdx", "page.mdx")


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of `text` that holds `fragment`."""
    (number,) = [i for i, line in enumerate(text.split("\n"), 1) if fragment in line]
    return number


def rows(page: document.Document) -> list[tuple[str, str, int]]:
    return [(row.code, row.description, row.line) for table in page.tables for row in table.rows]


def failure(body: str, front: str = FRONT) -> SourceError:
    with pytest.raises(SourceError) as caught:
        read(body, front)
    return caught.value


def real(path: Path) -> document.Document:
    return document.read_page(path, path.name)


# -- front matter ------------------------------------------------------------------------


def test_the_title_comes_from_the_front_matter_and_lines_stay_the_pages():
    page = read("\n### Error code\n\n" + CODES)
    assert page.title == "A page" and page.name == "page.mdx" and page.endpoint is None
    text = FRONT + "\n### Error code\n\n" + CODES
    assert rows(page) == [
        ("invalid_symbol", "No such pair", line_of(text, "invalid_symbol")),
        ("invalid_price", "Bad price", line_of(text, "invalid_price")),
    ]
    assert page.tables[0].line == line_of(text, "| Error code |")


def test_other_front_matters_and_none_at_all():
    keywords = "---\nid: k\ntitle: \"获取 ListenKey\"\nkeywords:\n  - listen\n  - key\nposition_number: 2\n---\n"
    assert read(CODES, keywords).title == "获取 ListenKey"
    bare = document.parse_page(CODES, "page.mdx", "page.mdx")
    assert bare.title is None and [row.line for row in bare.tables[0].rows] == [3, 4]


@pytest.mark.parametrize(
    ("front", "line", "message"),
    [
        ("---\nid: &a x\ntitle: y\n---\n", 2, "anchor '&a'"),
        ("---\nid: x\ntitle: *a\n---\n", 3, "alias '*a'"),
        ("---\nid: x\n\ntitle: !!str y\n---\n", 4, "tag"),
        ("---\ntitle: x\ntitle: y\n---\n", 3, "duplicate key 'title'"),
        ("---\ntitle: x\n", 1, "never closed"),
        ("---\n- a list\n---\n", 2, "not a YAML mapping"),
    ],
)
def test_a_front_matter_is_walked_safely_and_stops_at_its_line(front, line, message):
    stop = failure(CODES, front)
    assert stop.line == line and message in stop.message


# -- MDX: imports and JSX are not markdown ------------------------------------------------

CODE_BLOCK = """import CodeBlock from '@theme/CodeBlock';

<CodeBlock language="json" title="Response">
{`{
  "rc": 0,

| Error code | Description |
| --- | --- |
| FAKE_CODE | in a template literal |
  "mc": "SUCCESS" /* } ' " */
}`}
</CodeBlock>
"""


def test_imports_and_code_blocks_are_blanked_and_every_line_keeps_its_number():
    body = CODE_BLOCK + "\n### Error code\n\n" + CODES
    page = read(body)
    assert [code for code, _, _ in rows(page)] == ["invalid_symbol", "invalid_price"]
    assert rows(page)[0][2] == line_of(FRONT + body, "invalid_symbol")


def test_jsx_tags_attributes_and_expressions_spanning_lines():
    body = (
        '<Tabs\n  groupId="lang"\n  values={[{label: "a > b", value: `x}`}]}\n>\n'
        "{/*\n| Error code | Description |\n| --- | --- |\n| FAKE | no |\n*/}\n"
        '<TabItem value="py">\n\n' + CODES + "\n</TabItem>\n</Tabs>\n"
    )
    page = read(body)  # the markdown a JSX element holds on lines of its own stays markdown
    assert [code for code, _, _ in rows(page)] == ["invalid_symbol", "invalid_price"]
    assert rows(page)[1][2] == line_of(FRONT + body, "invalid_price")


def test_fenced_code_stays_code_even_when_it_looks_like_jsx_or_a_table():
    body = "```json\n{\n| Error code | Description |\n| --- | --- |\n| FAKE | no |\n<CodeBlock>\n```\n\n" + CODES
    assert [code for code, _, _ in rows(read(body))] == ["invalid_symbol", "invalid_price"]


def test_a_table_indented_by_four_spaces_is_a_table_in_mdx():
    indented = "".join(f"    {line}\n" for line in CODES.splitlines())
    assert [code for code, _, _ in rows(read("Some text.\n\n" + indented))] == ["invalid_symbol", "invalid_price"]


@pytest.mark.parametrize("opening", ['<CodeBlock language="json"', "{`never closed", '<Tag title="x', "{/* open"])
def test_a_jsx_block_never_closed_stops_at_its_line(opening):
    body = "Text.\n\n" + opening + "\n\n" + CODES
    stop = failure(body)
    assert stop.line == line_of(FRONT + body, opening) and "never closed" in stop.message


_jsx_blocks = st.sampled_from(
    [
        "import CodeBlock from '@theme/CodeBlock';",
        "export const meta = {\n  a: 1,\n};",
        '<CodeBlock language="python" title="x">\n{`import hashlib\n\n| mc | x |\n|---|---|\n| FAKE_1 | x |\n`}\n</CodeBlock>',
        "<br />",
        "{/* a comment { with braces } */}",
        "<details>\n<summary>More</summary>\n</details>",
        "```\n| Error code | Description |\n| --- | --- |\n| FAKE_2 | x |\n```",
        "| Name | Type |\n| --- | --- | --- |\n| size | integer |",
        "Some words with a `code` span.",
        "### Parameters",
    ]
)
# A code markdown reads as itself: `_x_` and `__x__` are emphasis, on XT's site as here.
_codes = (
    st.text(alphabet=string.ascii_letters + string.digits + "_", min_size=1, max_size=12)
    .map(lambda code: f"C{code}")
)


@given(
    before=st.lists(_jsx_blocks, max_size=5),
    after=st.lists(_jsx_blocks, max_size=5),
    codes=st.lists(_codes, min_size=1, max_size=5, unique=True),
)
@settings(max_examples=200, deadline=None)
def test_any_arrangement_of_jsx_and_imports_keeps_a_tables_rows_and_lines(before, after, codes):
    table = "### Error code\n\n| Error code | Description |\n| --- | --- |\n" + "".join(
        f"| {code} | text of {code} |\n" for code in codes
    )
    body = "\n".join(block + "\n" for block in [*before, table, *after])
    text = FRONT + body
    lines = text.split("\n")
    expected = [(code, f"text of {code}", lines.index(f"| {code} | text of {code} |") + 1) for code in codes]
    assert rows(read(body)) == expected


@given(st.text(alphabet=st.characters(), max_size=300))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_raises_only_source_error(text):
    try:
        document.parse_page(text, "any.mdx", "any.mdx")
    except SourceError:
        pass


@given(st.text(alphabet=string.printable + "<>{}`|-*#\n", max_size=300))
@settings(max_examples=300, deadline=None)
def test_arbitrary_mdx_like_text_raises_only_source_error(body):
    try:
        read(body)
    except SourceError:
        pass


# -- which tables are code tables -----------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "Error code", "Error Code", "ERROR CODE", "Error Code (mc)", "Error Code(mc)", "Code", "Status code",
        "Status Code", "HTTP Code", "httpStatus", "rc", "mc", "returnCode", "错误码", "错误码 (mc)", "错误码（mc）",
        "状态码", "HTTP 返回码", "HTTP  返回码", "**Error code**", "`mc`",
    ],
)
def test_a_table_whose_first_header_cell_names_a_code_column_is_read(header):
    page = read(f"| {header} | Description |\n| --- | --- |\n| A_1 | one |\n")
    assert [(table.line, [row.code for row in table.rows]) for table in page.tables] == [(7, ["A_1"])]


@pytest.mark.parametrize(
    "header",
    ["Status", "Type", "Category", "状态", "类型", "大类", "Name", "Error", "Codes", "Error codes list", "Code Type",
     "Status Description", "mc value", "码", "Type Value", "Account Type"],
)
def test_other_tables_are_not_code_tables(header):
    assert not docusaurus.lists_codes(header)
    assert read(f"| {header} | Description |\n| --- | --- |\n| SHARK_FIN | A product |\n").tables == ()


def test_nothing_in_a_table_that_lists_no_codes_stops_the_reader():
    body = (
        "- | Name | Type |\n  | --- | --- |\n  | a | b |\n\n"  # in a list
        "| Name | Type | Mandatory |\n| --- | --- | --- |\n| size | integer |\n| a | b | c | d |\n\n"  # ragged
        "| x | y |\n\n"  # a pipe row after a blank line
        "| Type | Description |\n|---|---|\n|  |  |\n"  # no code in it
        "Glued text\n\n" + CODES
    )
    assert [code for code, _, _ in rows(read(body))] == ["invalid_symbol", "invalid_price"]


def test_earn_enum_tables_are_not_codes_but_its_error_table_is():
    for path in (EN / "earn/Access Description/ErrorCode.mdx", ZH / "earn/Access Description/ErrorCode.mdx"):
        (table,) = real(path).tables
        assert table.key in ("Error Code", "错误码") and table.line == 61
        codes = [row.code for row in table.rows]
        assert len(codes) == 14 and codes[0] == "SUCCESS" and "SHARK_FIN" not in codes


# -- rows ----------------------------------------------------------------------------------


def test_placeholder_rows_are_skipped_and_a_table_may_be_left_empty():
    body = (
        "| Error code | Desc |\n| --- | --- |\n| — | — |\n\n"
        "| Error code | Desc |\n|---|---|\n| - | - |\n\n"
        "| Error code | Desc |\n|---|---|\n|  |  |\n\n"
        "| Error code | Desc |\n|---|---|\n｜  ｜  ｜\n\n"
        "| Error code | Desc |\n|---|---|\n"
    )
    page = read(body)
    assert [(table.key, table.rows) for table in page.tables] == [("Error code", ())] * 5


def test_code_cells_lose_bold_code_spans_and_backslash_escapes_descriptions_stay_as_written():
    body = (
        "| Error Code | Description |\n| --- | --- |\n"
        "| **400** | BAD_REQUEST `validate-appkey` |\n"
        "| `{topic}@invalid_listenkey` | ListenKey expired |\n"
        "| quantity_can_not_less_than \\* | `origQty` must be greater than \\*. |\n"
        "| user\\_id\\_bad | locked for【\\{hour} hours】 |\n"
        "| `a\\*b` | a code span is literal |\n"
        "| x\\|y | an escaped pipe |\n"
        "| invalid state | read as written |\n"
        "| null | Order not found |\n"
    )
    assert [(code, text) for code, text, _ in rows(read(body))] == [
        ("400", "BAD_REQUEST `validate-appkey`"),
        ("{topic}@invalid_listenkey", "ListenKey expired"),
        ("quantity_can_not_less_than *", "`origQty` must be greater than \\*."),
        ("user_id_bad", "locked for【\\{hour} hours】"),
        ("a\\*b", "a code span is literal"),
        ("x|y", "an escaped pipe"),
        ("invalid state", "read as written"),
        ("null", "Order not found"),
    ]


def test_rows_that_are_content_are_read_as_written():
    en = real(EN / "futures/Entrust/Create Stop Limit.mdx")
    zh = real(ZH / "futures/Entrust/Create Stop Limit.mdx")
    assert rows(en)[-1] == (
        "The trading pair currently does not support placing orders through OpenAPI",
        "symbol_not_support_openapi",
        105,
    )
    assert rows(zh)[-1][0] == 'The trading pair currently does not support placing orders through the OpenAPI."'
    assert rows(zh)[-1][2] == 101  # the stray '````' fence after it does not hide the table
    assert [code for code, _, _ in rows(en)][:-1] == [code for code, _, _ in rows(zh)][:-1]
    assert len(rows(en)) == len(rows(zh)) == 27


def test_more_than_two_columns_keep_every_cell():
    (table,) = real(EN / "futures/Access Description/errorCode.mdx").tables
    assert (table.key, table.title, table.columns, table.line) == (
        "HTTP Code", "Response Type", ("Response Type", "Description"), 8)
    assert table.rows[0].code == "200" and table.rows[0].cells == (
        "OK", "API called successfully (function execution may still fail)")
    assert [row.code for row in table.rows] == ["200", "400", "403", "405", "429", "500", "502", "503"]
    (chinese,) = real(ZH / "futures/Access Description/errorCode.mdx").tables
    assert (chinese.key, chinese.columns) == ("HTTP 返回码", ("响应类型", "说明"))
    assert [row.code for row in chinese.rows] == [row.code for row in table.rows]


def test_the_loan_page_three_column_tables_among_its_enum_lists():
    en = real(EN / "loan/Access Description/ErrorCode.mdx")
    zh = real(ZH / "loan/Access Description/ErrorCode.mdx")
    assert [(t.key, len(t.rows)) for t in en.tables] == [("Code", 2)] + [("Code", n) for n in (8, 6, 5, 10, 4)]
    assert [(t.key, len(t.rows)) for t in zh.tables] == [("状态码", 2)] + [("错误码", n) for n in (8, 6, 5, 10, 4)]
    assert en.tables[1].columns == ("Description", "Trigger Condition")
    assert zh.tables[1].columns == ("说明", "触发条件")
    first = en.tables[1].rows[0]
    assert (first.code, first.description, first.cells, first.line) == (
        "FINANCE_LOAN_ORDER_002", "Overdue order exists", ("Overdue order exists", "User has unresolved overdue orders"), 73)
    codes = [row.code for table in en.tables for row in table.rows]
    assert codes == [row.code for table in zh.tables for row in table.rows] and "SEVEN_DAY_APR" not in codes


def test_the_escaped_star_and_the_plain_one_are_the_same_code():
    en = real(EN / "futures/Order/New Bulk Orders.mdx")
    zh = real(ZH / "futures/Order/New Bulk Orders.mdx")
    assert ("quantity_can_not_less_than *", "`origQty` must be greater than \\*.", 92) in rows(en)
    assert [code for code, _, _ in rows(en)] == [code for code, _, _ in rows(zh)]
    gateway = dict((code, text) for code, text, _ in rows(en))["GATEWAY_0006"]
    assert gateway.startswith("Your account has been locked due to risk control for **`{hour}`hours")


def test_a_placeholder_row_in_full_width_bars_under_an_english_header():
    en = real(EN / "futures/User/List of Collected Trading Pairs.mdx")
    zh = real(ZH / "futures/User/List of Collected Trading Pairs.mdx")
    assert [(t.key, t.line, t.rows) for t in en.tables] == [("Error code", 42, ())]
    assert [(t.key, t.line, t.rows) for t in zh.tables] == [("Error code", 46, ())]


def test_a_bold_paragraph_heading_with_its_table_right_under_it():
    for path in (EN / "futures/User/GetProfitListHistory.mdx", ZH / "futures/User/GetProfitListHistory.mdx"):
        page = real(path)
        assert [(code, line) for code, _, line in rows(page)] == [
            ("invalid_direction", 67), ("invalid_limit", 68), ("invalid_symbol", 69)]
        assert page.endpoint == "GET /future/trade/v1/entrust/profit-list-history"


def test_quirks_that_do_not_stop_the_reader():
    body = (
        "**Error Codes**\n"  # a bold paragraph as heading, the table right under it
        "| Error code     | Description                 |\n"  # padded
        "|-------------|-------------|\n"  # no spaces
        "| invalid_order | Order does not exist |\n"
        "````\n\n"  # a stray fence after the table, never closed
        "| not | a table |"  # in the fence; and no final newline
    )
    assert rows(read(body)) == [("invalid_order", "Order does not exist", 10)]


# -- mistakes in a code table still stop ------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "line", "message"),
    [
        ("| mc | x |\n| --- | --- |\n| A_1 | one | extra |\n", 10, "3 cells, the header has 2"),
        ("| mc | x |\n| --- | --- |\n| A_1 |\n", 10, "1 cells, the header has 2"),
        ("| mc | x |\n| --- | --- |\n| A_1 | b\x1bad |\n", 10, "U+001B"),
        ("| mc | x |\n| --- | --- |\n| A_1 | one |\n\n| A_2 | two |\n", 12, "blank line above"),
        ("| mc | x |\n| --- | --- |\n| A_1 | one |\nGlued words\n", 11, "continues the table"),
        ("| mc | x |\n| --- | --- |\n| A_1 |  |\n", 10, "empty description"),
        ("| mc | x |\n| --- | --- |\n| — | a text without its code |\n", 10, "empty code"),
        ("| mc | x |\n| A_1 | one |\n", 8, "no separator row"),
        ("| mc | x |\n| --- | x |\n| A_1 | one |\n", 9, "separator cell 'x'"),
        ("> | mc | x |\n> | --- | --- |\n> | A_1 | one |\n", 8, "quote"),
    ],
)
def test_a_malformed_code_table_stops_at_its_line(table, line, message):
    stop = failure("\n" + table)
    assert (stop.path, stop.line) == ("page.mdx", line) and message in stop.message


# -- endpoints --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "endpoints"),
    [
        ("**Type:** GET\n\n**Description:** `/v4/referal/invite/users`", ("GET /v4/referal/invite/users",)),
        ("**Type:** POST **Description:** `/future/trade/v1/entrust/create-profit`",
         ("POST /future/trade/v1/entrust/create-profit",)),
        ("**Type** POST\n\n**Description:** `/future/user/v1/position/margin`", ("POST /future/user/v1/position/margin",)),
        ("### Description\n\n**Endpoint:** `POST /v4/order/finance/loan/order/adjust-pledge`",
         ("POST /v4/order/finance/loan/order/adjust-pledge",)),
        ("**Type:** GET  \n**Description:** `/future/trade/v1/position/list/active`",
         ("GET /future/trade/v1/position/list/active",)),
        ("**GET** `/v4/balances`", ("GET /v4/balances",)),
        ("**Type:** GET\n\n**Description:**`/v4/referal/user/batch`", ("GET /v4/referal/user/batch",)),
        ("### Endpoint\n\n`GET /v4/referal/agent/user/info`", ("GET /v4/referal/agent/user/info",)),
        ("**Type:** POST\n\n**Description:**\n\n`/future/copytrade/user/v1/copy-trade/choose-leader`",
         ("POST /future/copytrade/user/v1/copy-trade/choose-leader",)),
        ("**Type:** GET\n\n**Description:**\n\n- Shark Fin: `/v4/finance/product-position/shark`\n"
         "- Smart Trend: `/v4/finance/product-position/smart`\n\nCheck it.",
         ("GET /v4/finance/product-position/shark", "GET /v4/finance/product-position/smart")),
        ("**\\*Type:** POST\n\n**Description:** `/future/trade/v1/entrust/cancel-plan`",
         ("POST /future/trade/v1/entrust/cancel-plan",)),
        ("**Type:** GET\n\n**Description** `/future/trade/v1/order/list-open-order`",
         ("GET /future/trade/v1/order/list-open-order",)),
        ("**Method:** POST\n\n**Endpoint:** `/future/trade/v2/order/atomic-create-batch`",
         ("POST /future/trade/v2/order/atomic-create-batch",)),
        ("### Request Method\n\n- Type: **GET**\n- URL: `/future/trade/v2/order/partial-canceled-orders`",
         ("GET /future/trade/v2/order/partial-canceled-orders",)),
        ("- Type: **GET**\n- Endpoint: `/future/market/v1/public/q/depth`", ("GET /future/market/v1/public/q/depth",)),
        ("**Type** GET\n\n**Description:** /future/user/v1/compat/balance/list", ("GET /future/user/v1/compat/balance/list",)),
        ("**Type:** get  \n**Description:** `/v4/public/kline`", ("GET /v4/public/kline",)),
        ("**Type:** GET\n\n**Path:** `/v4/order`", ("GET /v4/order",)),
        ("**Type:** GET\n**Description:** `/public/uaa/oauth2/token?client_id={client_id}&grant_type={grant_type}`",
         ("GET /public/uaa/oauth2/token",)),
        ("**Type:** GET\n\n**Description:** `/future/user/v1/compat/balance/{coin}`", ("GET /future/user/v1/compat/balance/{coin}",)),
        ("**类型:** GET\n\n**描述:** `/v4/order`", ("GET /v4/order",)),
        ("**请求方式：** DELETE\n\n**接口地址：** `/v4/order/{orderId}`", ("DELETE /v4/order/{orderId}",)),
        ("类型: GET  \n地址: `/future/trade/v1/entrust/reverse-plan-list`", ("GET /future/trade/v1/entrust/reverse-plan-list",)),
        ("- 类型: **GET**\n- 描述: `/future/market/v1/public/q/depth`", ("GET /future/market/v1/public/q/depth",)),
        ("**请求类型:** POST\n\n**请求路径:** `/v4/order`", ("POST /v4/order",)),
        ("**类型:** GET\n\n**接口:** `/spot/v4/order/{orderId}`", ("GET /spot/v4/order/{orderId}",)),
    ],
)
def test_an_endpoint_stated_in_any_of_xts_notations(body, endpoints):
    page = read("\n" + body + "\n\n---\n\n### Parameters\n\n| Name | Type |\n| --- | --- |\n| a | b |\n")
    assert page.endpoints == endpoints and page.endpoint == endpoints[0]


@pytest.mark.parametrize(
    "body",
    [
        "**Type:** Websocket Push **Description:** Order change notification",
        "**Type:** Websocket Info\n\n**Description:** wss://stream.xt.com/private",
        "**Type:** WEBSOCKET",
        "**Type:** POST\n\nSome words, no path.\n\n**Description:** `/too/late`",
        "### Parameters\n\n- Method: `POST`\n- Path: `/v4/order`",
        "```\nsign\n```\n\n- **Method**: `POST`\n\n- **Path**: `/v4/order` (recorded as `path`)",
        "| Type | x |\n| --- | --- |\n| POST | `/v4/order` |",
        '<CodeBlock>{`**Type:** POST\n**Description:** `}</CodeBlock>\n\n**GET** `/v4/x`',
        "- **POST** request parameters are sent as `application/x-www-form-urlencoded`",
    ],
)
def test_no_endpoint_where_no_http_method_is_stated_in_the_opening_part(body):
    assert read("\n" + body + "\n").endpoints == ()


def test_the_first_method_statement_is_the_pages():
    page = read("\n**Type:** GET\n\n**Description:** `/first`\n\n**Type:** POST\n\n**Description:** `/second`\n")
    assert page.endpoints == ("GET /first",)


def test_a_front_matter_may_name_the_endpoint():
    front = "---\ntitle: Query historical orders\nposition_number: 9\ntype: get\ndescription: /spot/v4/history-order\n---\n"
    assert read("\n**Type:** POST\n\n**Description:** `/other`\n", front).endpoints == ("GET /spot/v4/history-order",)


def test_real_endpoint_pages_in_both_languages():
    expected = {
        "futures/Entrust/Create Stop Limit.mdx": ("POST /future/trade/v1/entrust/create-profit",),
        "futures/Order/New Bulk Orders.mdx": ("POST /future/trade/v2/order/atomic-create-batch",),
        "futures/User/List of Collected Trading Pairs.mdx": ("GET /future/user/v1/user/collection/list",),
        "spot/Order/orderGetQueryParam.mdx": ("GET /v4/order",),
        "futures/Access Description/errorCode.mdx": (),
        "futures/UserWebsocket/General WSS information.mdx": (),
        "loan/Access Description/ErrorCode.mdx": (),
    }
    for page, endpoints in expected.items():
        assert real(EN / page).endpoints == real(ZH / page).endpoints == endpoints, page
    assert real(EN / "broker/Binding/BindUserAccount.mdx").endpoints == ("POST /v4/broker/account/bind",)


def test_one_method_with_two_paths_is_two_endpoints():
    page = real(EN / "earn/Query/Extended/StructuredProductPosition.mdx")
    assert page.endpoints == ("GET /v4/finance/product-position/shark", "GET /v4/finance/product-position/smart")
    assert page.endpoint == "GET /v4/finance/product-position/shark" and page.tables == ()


def test_a_page_without_a_code_table_is_read_not_refused():
    page = real(EN / "spot/Order/orderGetQueryParam.mdx")
    assert page.tables == () and page.title == "Query single"
    assert read("\nJust words.\n").tables == ()
    assert document.parse_page("", "empty.mdx", "empty.mdx").tables == ()


def test_a_documents_endpoint_is_the_first_of_its_endpoints():
    assert document.Document(name="a", path="a", tables=(), endpoint="GET /a").endpoints == ("GET /a",)
    with pytest.raises(ValueError, match="first of its endpoints"):
        document.Document(name="a", path="a", tables=(), endpoint="GET /a", endpoints=("GET /b",))


# -- WebSocket frame codes ----------------------------------------------------------------------


def test_a_websocket_page_gives_its_frame_codes_and_its_code_table():
    for path, word, table_line, frame_line in (
        (EN / "futures/UserWebsocket/General WSS information.mdx", "result", 99, 78),
        (ZH / "futures/UserWebsocket/General WSS information.mdx", "结果", 101, 80),
    ):
        frames, codes = real(path).tables
        assert (frames.key, frames.title, frames.line) == ("code", word, frame_line)
        assert [row.code for row in frames.rows] == ["0", "1", "2"]
        assert codes.line == table_line
        assert [row.code for row in codes.rows] == ["{topic}@invalid_listenkey", "Invalid Parameter"]


def test_frame_comments_with_a_colon_and_full_width_semicolons():
    body = (
        "```json\n{\n  \"code\": 1,  // 结果：0=成功；1=失败；2=listenKey 无效\n  \"msg\": \"\"\n}\n```\n\n"
        "```json\n{\"id\":\"123\", \"code\": 401, \"msg\": \"token expire\"}\n```\n"
    )
    ((frames),) = read(body).tables
    assert [(row.code, row.description) for row in frames.rows] == [
        ("0", "成功"), ("1", "失败"), ("2", "listenKey 无效"), ("401", "token expire")]


def test_a_result_comment_elsewhere_is_no_frame_format():
    body = '```json\n{\n  "result": {}, // result data\n  "code": 0 // Result of the call\n}\n```\n'
    assert read(body).tables == ()


# -- a run reads .mdx pages --------------------------------------------------------------------


def test_a_folder_source_includes_its_mdx_pages(tmp_path):
    for name in ("errorCode.mdx", "other.md", "notes.txt", "image.png"):
        (tmp_path / name).write_text("x", "utf-8")
    assert [path.name for path in pipeline.documents(tmp_path)] == ["errorCode.mdx", "notes.txt", "other.md"]
