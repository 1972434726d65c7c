"""Stage 1, tables: the pipe tables GitHub would render in a page's markdown.

A table is what a CommonMark parser with GitHub's tables (markdown-it-py)
makes of the markdown; every row keeps the line, in the file, it came from,
so later stages can point at it. Pipe rows GitHub would show as text stop
the run at their line: they are almost always a table broken by a blank line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from codegen import naming
from codegen.errors import SourceError

_SEPARATOR_CELL = re.compile(r":?-+:?")
# a line with a separator cell: the row above it means to head a table
_SEPARATOR_CELLS = re.compile(r"\|\s*:?-+:?\s*(\||$)")
SEPARATOR_ROW = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?")
# CommonMark with GitHub's tables; HTML on, so that a commented-out table stays a comment.
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")
# A backslash before ASCII punctuation, which CommonMark reads as that character.
_ESCAPED_PUNCTUATION = re.compile(r"\\([!-/:-@\[-`{-~])")
# The cells of a row that holds no code and no text (nothing, '-', an en or em
# dash): XT fills the one row of a table without codes so.
_PLACEHOLDER_CELLS = frozenset({"", "-", "\u2013", "\u2014"})


@dataclass(frozen=True, kw_only=True)
class TableRules:
    """How a page format's tables are read.

    The markdown of plain and docs-CMS pages is all code tables, read
    strictly (`EVERY_TABLE`). A Docusaurus page also holds parameter and enum
    tables: it names which tables list codes, and reads their cells as MDX
    renders them (see `codegen.read.docusaurus`).
    """

    # whether the table whose first header cell is this lists codes; the others
    # are not read, and nothing in them stops the run
    lists_codes: Callable[[str], bool]
    # rows whose every cell is empty or a dash are not codes, and a table may
    # be left with none
    placeholders: bool = False
    # a code cell means what CommonMark shows: `a \*` is `a *` (code spans stay literal)
    unescapes_codes: bool = False
    parser: MarkdownIt = _MARKDOWN


EVERY_TABLE = TableRules(lists_codes=lambda key: True)


@dataclass(frozen=True, kw_only=True)
class PageRow:
    code: str
    description: str  # the second cell
    line: int
    cells: tuple[
        str, ...
    ] = ()  # every cell after the code, when the table has more than two


@dataclass(frozen=True, kw_only=True)
class PageTable:
    key: str  # the first header cell, e.g. "mc"
    title: str  # the second header cell, e.g. "message code"
    rows: tuple[PageRow, ...]
    path: str  # the document, as named in messages
    line: int  # the header row
    columns: tuple[str, ...] = ()  # every header cell after the key, when more than one

    def described_by(self, column: str) -> PageTable:
        """The table with its rows' description taken from the column headed `column`."""
        if column not in self.columns:
            raise SourceError(
                self.path,
                self.line,
                f"table '{self.key}' has no column '{column}' "
                f"(its columns: {', '.join(self.columns or (self.title,))})",
            )
        index = self.columns.index(column)
        rows = []
        for row in self.rows:
            if not row.cells[index]:
                raise SourceError(
                    self.path, row.line, f"empty {column} for code '{row.code}'"
                )
            rows.append(dataclasses.replace(row, description=row.cells[index]))
        return dataclasses.replace(self, title=column, rows=tuple(rows))


def find_tables(
    lines: list[str], numbers: list[int], name: str, rules: TableRules = EVERY_TABLE
) -> list[PageTable]:
    """The code tables GitHub would render, found by a CommonMark parser with GFM tables.

    `numbers[i]` is the file line of markdown line i. The parser decides what
    is a table, so pipe rows inside fenced or indented code blocks and HTML
    comments are not codes. Cell texts are read from the source lines (see
    `split_row`), so they are exactly what the page says. Pipe rows that
    GitHub would show as plain text stop the sync: they are almost always a
    code table broken by a stray blank line. `rules` say which tables list codes.
    """
    tokens = rules.parser.parse("\n".join(lines))
    tables: list[PageTable] = []
    # the last table: its header line, the line after it, whether it lists codes
    previous: tuple[int, int, bool] | None = None
    for index, token in enumerate(tokens):
        if token.type == "table_open" and token.map is not None:
            # its first header cell as the parser read it: in a list or a quote,
            # the line also holds the item's or the quote's mark
            first = next(t.content for t in tokens[index:] if t.type == "inline")
            codes = rules.lists_codes(unwrap_code(first.strip()))
            previous = (token.map[0], token.map[1], codes)
            if not codes:
                continue
            if token.level > 0:
                raise SourceError(
                    name,
                    numbers[token.map[0]],
                    "a table inside a list or quote is not read; move it to the top level",
                )
            rows = [t.map[0] for t in _table_rows(tokens, index) if t.map is not None]
            tables.append(_read_table(lines, rows, numbers, name, rules))
        elif token.type == "paragraph_open" and token.map is not None:
            begin, end = token.map
            for number in range(begin, end):
                if lines[number].strip().startswith("|"):
                    _not_a_table(lines, number, previous, numbers, name, rules)
    return tables


def _table_rows(tokens: list[Token], start: int) -> list[Token]:
    rows = []
    for token in tokens[start + 1 :]:
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            rows.append(token)
    return rows


def _read_table(
    lines: list[str], rows: list[int], numbers: list[int], name: str, rules: TableRules
) -> PageTable:
    header_line = numbers[rows[0]]
    header = split_row(lines[rows[0]], name, header_line)
    if len(header) < 2:
        raise SourceError(name, header_line, "a code table needs at least two columns")
    if len(rows) == 1 and not rules.placeholders:
        raise SourceError(name, header_line, f"table '{header[0]}' has no rows")
    found: list[PageRow] = []
    for number in rows[1:]:
        row = _read_row(lines[number], len(header), name, numbers[number], rules)
        if row is not None:
            found.append(row)
    columns = tuple(header[1:]) if len(header) > 2 else ()
    return PageTable(
        key=unwrap_code(header[0]),
        title=header[1],
        rows=tuple(found),
        path=name,
        line=header_line,
        columns=columns,
    )


def _read_row(
    text: str, width: int, name: str, line: int, rules: TableRules
) -> PageRow | None:
    """One row of a code table, or None for a placeholder row the rules skip."""
    if "|" not in text:
        if rules.placeholders and not text.replace("\uff5c", "").strip():
            return None  # a placeholder row drawn with full-width bars, '｜  ｜  ｜'
        raise SourceError(
            name,
            line,
            "this line continues the table above (GitHub shows it as a row); "
            "put a blank line before it or make it a '|' row",
        )
    cells = split_row(text, name, line)
    if len(cells) != width:
        raise SourceError(
            name, line, f"this row has {len(cells)} cells, the header has {width}"
        )
    if rules.placeholders and all(cell in _PLACEHOLDER_CELLS for cell in cells):
        return None
    if rules.unescapes_codes:
        code = _commonmark_code(_raw_cells(text)[0])
    else:
        code = unwrap_code(cells[0])
    description = cells[1]
    if not code or (rules.placeholders and code in _PLACEHOLDER_CELLS):
        raise SourceError(name, line, "empty code")
    problem = naming.code_problem(code)
    if problem is not None:
        raise SourceError(name, line, problem)
    if not description:
        raise SourceError(name, line, f"empty description for code '{code}'")
    return PageRow(
        code=code,
        description=description,
        line=line,
        cells=tuple(cells[1:]) if len(cells) > 2 else (),
    )


def _not_a_table(
    lines: list[str],
    number: int,
    previous: tuple[int, int, bool] | None,
    numbers: list[int],
    name: str,
    rules: TableRules,
) -> None:
    """Explain why a pipe row GitHub shows as text is not part of a code table,
    and stop; a row that belongs to no code table is left alone."""
    line = numbers[number]
    header = split_row(lines[number], name, line)
    following = lines[number + 1] if number + 1 < len(lines) else ""
    codes = rules.lists_codes(unwrap_code(header[0]))
    if codes or not _SEPARATOR_CELLS.search(following):  # else: a broken other table
        if (
            previous is not None
            and previous[2]
            and all(not text.strip() for text in lines[previous[1] : number])
        ):
            raise SourceError(
                name,
                line,
                "this '|' row is not part of a table: the blank line above ends the "
                f"table of line {numbers[previous[0]]}; remove the blank line",
            )
    if not codes:
        return  # nothing says it belongs to a code table
    _check_separator(following, header, name, line)
    raise SourceError(
        name, line, "this '|' row is not part of a table (GitHub shows it as text)"
    )


def _check_separator(text: str, header: list[str], name: str, header_line: int) -> None:
    line = header_line + 1
    cells = split_row(text, name, line) if text.strip().startswith("|") else []
    if not any(_SEPARATOR_CELL.fullmatch(cell) for cell in cells):
        raise SourceError(
            name,
            header_line,
            f"table '{header[0]}' has no separator row ('| --- | --- |') "
            "under its header",
        )
    bad = next((cell for cell in cells if not _SEPARATOR_CELL.fullmatch(cell)), None)
    if bad is not None:
        raise SourceError(
            name, line, f"separator cell '{bad}' is not made of '-' (and ':')"
        )
    if len(cells) != len(header):
        raise SourceError(
            name,
            line,
            f"the separator has {len(cells)} cells, the header has {len(header)}",
        )


def split_row(text: str, name: str, line: int) -> list[str]:
    """The stripped cells of one pipe-table row.

    `\\|` is a literal '|' and `\\\\` a literal backslash; any other
    backslash stays as written. The outer pipes are optional.
    """
    return [_TABLE_ESCAPE.sub(r"\1", cell) for cell in _raw_cells(text)]


# the two escapes a row's cells undo: an escaped pipe, an escaped backslash
_TABLE_ESCAPE = re.compile(r"\\([|\\])")


def _raw_cells(text: str) -> list[str]:
    """The stripped cells of one pipe-table row, their escapes as written."""
    text = text.strip()
    cells: list[str] = []
    cell: list[str] = []
    # past the leading '|', which GitHub makes optional
    i = 1 if text.startswith("|") else 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in "|\\":
            cell.append(text[i : i + 2])
            i += 2
            continue
        if char == "|":
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(char)
        i += 1
    rest = "".join(cell).strip()
    if rest or not text.endswith("|") or len(text) == 1:
        cells.append(rest)
    return cells


def unwrap_code(cell: str) -> str:
    """A code cell's code: without the strong emphasis (`**400**`) or the code span around it."""
    return unwrap_code_span(_unwrap_strong(cell))


def _commonmark_code(raw: str) -> str:
    """A code cell, escapes as written, read as CommonMark shows it: a code span
    is literal but for `\\|` (the table's own escape); other text loses the
    backslash of each escaped ASCII punctuation mark (`quantity \\*` is `quantity *`)."""
    cell = _unwrap_strong(raw)
    span = unwrap_code_span(cell)
    if span != cell:
        return span.replace("\\|", "|")
    return _ESCAPED_PUNCTUATION.sub(r"\1", cell)


def _unwrap_strong(cell: str) -> str:
    """A cell without the strong emphasis around it, when all of it is strong."""
    for mark in ("**", "__"):
        if len(cell) > 2 * len(mark) and cell.startswith(mark) and cell.endswith(mark):
            inner = cell[len(mark) : -len(mark)]
            if inner.strip() == inner and mark[0] not in inner:
                return inner
    return cell


def unwrap_code_span(cell: str) -> str:
    """`AUTH_001` written as inline code is the code AUTH_001."""
    fence = len(cell) - len(cell.lstrip("`"))
    if fence == 0 or len(cell) < 2 * fence + 1:
        return cell
    closing = cell[fence:].find("`" * fence)
    while closing != -1:
        end = fence + closing
        run = len(cell[end:]) - len(cell[end:].lstrip("`"))
        if run == fence:
            if end + fence != len(cell):
                return cell  # more text after the span: not a whole-cell code span
            inner = cell[fence:end]
            if inner.startswith(" ") and inner.endswith(" ") and inner.strip(" "):
                inner = inner[1:-1]
            return inner
        closing = cell[fence:].find("`" * fence, closing + run)
    return cell
