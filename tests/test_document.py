"""Stage 1 (codegen/read/): reading XT's pages, quirks included; a table is what GitHub renders as one."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codegen.errors import SourceError
from codegen.read import document, front_matter
from codegen.read.document import parse_document, read_document, split_row
from codegen.read.front_matter import format_document
from tests.conftest import FIXTURES, FUTURES_COPY_PAGE, SEED, SPOT_PAGE, XT_PAGES

# Every real XT page, parsed once by the hand-written parser markdown-it-py replaced,
# keyed by its name in ../shared/ of the workspace the fixtures were copied from.
RECORDED = json.loads((FIXTURES / "real_pages_tables.json").read_text("utf-8"))
UPSTREAM = {  # XT's name for a page -> its name in tests/fixtures/xt-api/spec/source/
    "documentation": "xt-spot-response-codes",
    "futures_documentation": "xt-futures-response-codes",
    "margin_document": "xt-margin-response-codes",
    "s_copy_trading_document": "xt-spot-copy-trading-response-codes",
    "f_copy_trading_document": "xt-futures-copy-trading-response-codes",
    "user_center_documentation": "xt-user-center-response-codes",
    "third_party_document": "xt-third-party-response-codes",
}
OLDER_NAMES = {  # real-docs/ keeps two of the same pages under older names
    "real-docs/spot-response-codes.md": SPOT_PAGE,
    "real-docs/futures-copy-trading-error-codes.md": FUTURES_COPY_PAGE,
}


def recorded_page(key: str):
    """The fixture file a recorded page name stands for."""
    if key in OLDER_NAMES:
        return OLDER_NAMES[key]
    stem = key.removeprefix("xt-api-docs/").removesuffix(".md")
    chinese = stem.endswith("_cn")
    return XT_PAGES / (UPSTREAM[stem.removesuffix("_cn")] + (".zh.md" if chinese else ".md"))


def as_data(tables: list[document.PageTable]) -> list[dict[str, object]]:
    return [
        {"key": t.key, "title": t.title, "line": t.line,
         "rows": [[row.code, row.description, row.line] for row in t.rows]}
        for t in tables
    ]


# -- XT's pages ------------------------------------------------------------------------


def test_seed_tables_rows_and_lines():
    tables = read_document(SEED, "seed.md")
    assert [(t.key, t.title, len(t.rows)) for t in tables] == [
        ("httpStatus", "description", 6),
        ("rc", "return Code", 2),
        ("mc", "message code", 31),
    ]
    rows = {row.code: row for table in tables for row in table.rows}
    assert rows["200"].line == 10
    assert rows["0"].line == 20
    assert rows["AUTH_105"].line == 39
    # The last row ends in "|  " and its cells are padded.
    assert rows["GATEWAY_0004"].description == "Trigger risk control"
    assert rows["GATEWAY_0004"].line == 56


@pytest.mark.parametrize("page", sorted(RECORDED))
def test_real_pages_parse_to_the_recorded_rows(page):
    path = recorded_page(page)
    assert as_data(document.read_document(path, path.name)) == RECORDED[page]


def test_all_fourteen_product_pages_are_recorded():
    assert len([page for page in RECORDED if page.startswith("xt-api-docs/")]) == 14
    assert sorted(recorded_page(page).name for page in RECORDED if page.startswith("xt-api-docs/")) == sorted(
        path.name for path in XT_PAGES.glob("xt-*-response-codes*.md")
    )


def test_futures_page_mixed_codes_no_blank_line_before_next_key():
    (table,) = read_document(FUTURES_COPY_PAGE, "f.md")
    codes = [row.code for row in table.rows]
    assert codes[:4] == ["200", "401", "403", "invalid_params"]
    assert "invalid_triggerProfitPrice" in codes
    assert codes[-1] == "invalid_leverage"
    assert table.rows[-1].line == 23


def test_spot_page_reads_with_placeholders():
    tables = read_document(SPOT_PAGE, "s.md")
    rows = [row for table in tables for row in table.rows]
    assert any("{0}" in row.description for row in rows)
    assert [row.line for row in rows if row.code == "SYMBOL_001"] == [41, 122]


# -- cells -----------------------------------------------------------------------------


def test_plain_markdown_escaped_pipes_and_inline_code():
    text = (
        "# Codes\n\nSome text.\n\n"
        "| code | meaning |\n|:---|---:|\n"
        "| `E_1` | a \\| b |\n"
        "|  E_2  |  uses `x\\|y` and \\\\ |\n"
    )
    (table,) = parse_document(text, "page.md")
    assert table.key == "code"
    assert [(r.code, r.description, r.line) for r in table.rows] == [
        ("E_1", "a | b", 7),
        ("E_2", "uses `x|y` and \\", 8),
    ]


def test_an_unescaped_pipe_in_inline_code_splits_the_cell_as_in_gfm():
    text = "| code | meaning |\n| --- | --- |\n| E_1 | uses `x|y` |\n"
    with pytest.raises(SourceError, match=r"^page.md:3: this row has 3 cells"):
        parse_document(text, "page.md")


def test_inline_code_and_escapes_in_cells():
    assert split_row("| `AUTH_001` | a \\| b \\\\ c |  ", "f", 1) == ["`AUTH_001`", "a | b \\ c"]
    (table,) = parse_document("| k | d |\n| - | - |\n| `A_1` | x |\n", "f")
    assert table.rows[0].code == "A_1"


def test_rows_without_outer_pipes_are_read_as_github_does():
    tables = plain("mc | message code\n--- | ---\nA_1 | one\n")
    assert [(row.code, row.description, row.line) for row in tables[0].rows] == [("A_1", "one", 3)]


def test_escaped_pipes_and_backslashes_keep_their_meaning():
    tables = plain("| mc | x |\n| --- | --- |\n| A_1 | a \\| b \\\\ c \\d |\n")
    assert tables[0].rows[0].description == "a | b \\ c \\d"


# -- what GitHub renders as a table, and what stops the sync ---------------------------


def plain(markdown: str) -> list[document.PageTable]:
    return document.parse_document(markdown, "page.md")


def error(markdown: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        plain(markdown)
    return caught.value


TABLE = "| mc | message code |\n| --- | --- |\n| A_1 | one |\n"


@pytest.mark.parametrize(
    "wrapped",
    [
        "```\n| mc | x |\n| --- | --- |\n| FAKE_1 | no |\n```\n",
        "~~~md\n| mc | x |\n| --- | --- |\n| FAKE_1 | no |\n~~~\n",
        "    | mc | x |\n    | --- | --- |\n    | FAKE_1 | no |\n",
        "<!--\n| mc | x |\n| --- | --- |\n| FAKE_1 | no |\n-->\n",
    ],
    ids=["backtick fence", "tilde fence", "indented code", "html comment"],
)
def test_tables_in_code_blocks_and_comments_are_not_codes(wrapped):
    tables = plain(TABLE + "\n" + wrapped)
    assert [row.code for table in tables for row in table.rows] == ["A_1"]


def test_only_a_table_in_a_code_block_is_no_table():
    assert "no response-code table" in str(error("```\n" + TABLE + "```\n"))


def test_a_table_split_by_a_blank_line_stops_at_the_orphan_row():
    failure = error(TABLE + "\n| A_2 | two |\n| A_3 | three |\n")
    assert failure.line == 5 and "blank line above" in failure.message
    assert "table of line 1" in failure.message


def test_an_extra_column_stops_the_sync():
    failure = error(TABLE + "| A_2 | two | extra |\n")
    assert failure.line == 4 and "3 cells, the header has 2" in failure.message


def test_a_text_line_glued_to_a_table_is_a_row_for_github_so_it_stops():
    failure = error(TABLE + "Some closing words.\n")
    assert failure.line == 4 and "continues the table" in failure.message


def test_a_pipe_row_inside_a_paragraph_stops():
    failure = error(TABLE + "\nSome words\n| A_9 | nine |\n")
    assert failure.line == 6


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\x9b", "\u2028", "\r"])
def test_a_control_character_in_a_cell_is_reported_at_its_line(char):
    failure = error(TABLE + f"| A_2 | bad{char}text |\n")
    assert failure.line == 4
    assert f"U+{ord(char):04X}" in failure.message and "\n" not in str(failure)


def test_a_control_character_in_a_cms_page_names_the_file_line():
    page = front_matter.format_document("t", [("mc", "message code", [("A_1", "ok"), ("A_2", "b\x1bad")])])
    with pytest.raises(SourceError) as caught:
        document.parse_document(page, "page.md")
    assert caught.value.line == page.split("\n").index("    | A_2 | b\x1bad |") + 1


def test_a_table_in_a_quote_is_refused_not_ignored():
    failure = error(TABLE + "\n> | mc | x |\n> | --- | --- |\n> | Q_1 | q |\n")
    assert failure.line == 5 and "quote" in failure.message


# -- round trip: any catalog, written as a CMS page, reads back the same --------

_printable = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
    blacklist_characters="\ufeff\x85",
)
_tricky = st.sampled_from(["|", "\\", "`", "{", "}", "'", '"', "<script>", "{{", "{%", "\\|"])
_text = (
    st.lists(_printable | _tricky, min_size=1, max_size=20)
    .map("".join)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def catalogs(draw):
    tables = []
    for index in range(draw(st.integers(1, 3))):
        codes = draw(st.lists(_text, min_size=1, max_size=8, unique=True))
        rows = [(code, draw(_text)) for code in codes]
        tables.append((f"table{index}", draw(_text), rows))
    return tables


@given(catalogs())
@settings(max_examples=150, deadline=None)
def test_round_trip_through_the_cms_format(tables):
    text = format_document("response code", tables)
    parsed = parse_document(text, "generated.md")
    assert [(t.key, t.title, [(r.code, r.description) for r in t.rows]) for t in parsed] == tables


@given(st.text(alphabet=st.characters(), max_size=300))
@settings(max_examples=300, deadline=None)
def test_arbitrary_text_raises_only_source_error(text):
    try:
        parse_document(text, "any.md")
    except SourceError:
        pass


@given(st.text(alphabet=string.printable + "|-: `\\", max_size=300))
@settings(max_examples=300, deadline=None)
def test_arbitrary_front_matter_raises_only_source_error(body):
    try:
        parse_document(f"---\ncontent_markdown: |-\n    {body}\n{body}\n---\n", "any.md")
    except SourceError:
        pass
