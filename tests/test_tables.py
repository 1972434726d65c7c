"""What a table is: what GitHub-flavoured markdown renders as one, read exactly as before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codegen import document
from codegen.errors import SourceError
from tests.conftest import ROOT

SHARED = ROOT.parent / "shared"
# Every real XT page, parsed once by the hand-written parser this one replaced.
RECORDED = json.loads((Path(__file__).parent / "fixtures" / "real_pages_tables.json").read_text("utf-8"))


def as_data(tables: list[document.PageTable]) -> list[dict[str, object]]:
    return [
        {"key": t.key, "title": t.title, "line": t.line,
         "rows": [[row.code, row.description, row.line] for row in t.rows]}
        for t in tables
    ]


@pytest.mark.parametrize("page", sorted(RECORDED))
def test_real_pages_parse_to_the_recorded_rows(page):
    path = SHARED / page
    if not path.exists():
        pytest.skip(f"{page} is absent (XT's pages live in ../shared/)")
    assert as_data(document.read_document(path, path.name)) == RECORDED[page]


def test_all_fourteen_product_pages_are_recorded():
    assert len([page for page in RECORDED if page.startswith("xt-api-docs/")]) == 14


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
    assert (failure.line, "blank line above") == (5, "blank line above")
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
    page = document.format_document("t", [("mc", "message code", [("A_1", "ok"), ("A_2", "b\x1bad")])])
    with pytest.raises(SourceError) as caught:
        document.parse_document(page, "page.md")
    assert caught.value.line == page.split("\n").index("    | A_2 | b\x1bad |") + 1


def test_rows_without_outer_pipes_are_read_as_github_does():
    tables = plain("mc | message code\n--- | ---\nA_1 | one\n")
    assert [(row.code, row.description, row.line) for row in tables[0].rows] == [("A_1", "one", 3)]


def test_escaped_pipes_and_backslashes_keep_their_meaning():
    tables = plain("| mc | x |\n| --- | --- |\n| A_1 | a \\| b \\\\ c \\d |\n")
    assert tables[0].rows[0].description == "a | b \\ c \\d"


def test_a_table_in_a_quote_is_refused_not_ignored():
    failure = error(TABLE + "\n> | mc | x |\n> | --- | --- |\n> | Q_1 | q |\n")
    assert failure.line == 5 and "quote" in failure.message
