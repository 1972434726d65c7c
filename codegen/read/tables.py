"""Stage 1, tables: the pipe tables GitHub would render in a page's markdown.

A table is what a CommonMark parser with GitHub's tables (markdown-it-py)
makes of the markdown; every row keeps the line, in the file, it came from,
so later stages can point at it. Pipe rows GitHub would show as text stop
the run at their line: they are almost always a table broken by a blank line.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from codegen import naming
from codegen.errors import SourceError

_SEPARATOR_CELL = re.compile(r":?-+:?")
SEPARATOR_ROW = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?")
# CommonMark with GitHub's tables; HTML on, so that a commented-out table stays a comment.
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


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


def find_tables(lines: list[str], numbers: list[int], name: str) -> list[PageTable]:
    """The tables GitHub would render, found by a CommonMark parser with GFM tables.

    `numbers[i]` is the file line of markdown line i. The parser decides what
    is a table, so pipe rows inside fenced or indented code blocks and HTML
    comments are not codes. Cell texts are read from the source lines (see
    `split_row`), so they are exactly what the page says. Pipe rows that
    GitHub would show as plain text stop the sync: they are almost always a
    table broken by a stray blank line.
    """
    tokens = _MARKDOWN.parse("\n".join(lines))
    tables: list[PageTable] = []
    # the last table: its header line, the line after it
    previous: tuple[int, int] | None = None
    for index, token in enumerate(tokens):
        if token.type == "table_open" and token.map is not None:
            if token.level > 0:
                raise SourceError(
                    name,
                    numbers[token.map[0]],
                    "a table inside a list or quote is not read; move it to the top level",
                )
            rows = [t.map[0] for t in _table_rows(tokens, index) if t.map is not None]
            tables.append(_read_table(lines, rows, numbers, name))
            previous = (token.map[0], token.map[1])
        elif token.type == "paragraph_open" and token.map is not None:
            begin, end = token.map
            for number in range(begin, end):
                if lines[number].strip().startswith("|"):
                    _not_a_table(lines, number, previous, numbers, name)
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
    lines: list[str], rows: list[int], numbers: list[int], name: str
) -> PageTable:
    header_line = numbers[rows[0]]
    header = split_row(lines[rows[0]], name, header_line)
    if len(header) < 2:
        raise SourceError(name, header_line, "a code table needs at least two columns")
    if len(rows) == 1:
        raise SourceError(name, header_line, f"table '{header[0]}' has no rows")
    found: list[PageRow] = []
    for number in rows[1:]:
        line = numbers[number]
        text = lines[number]
        if "|" not in text:
            raise SourceError(
                name,
                line,
                "this line continues the table above (GitHub shows it as a row); "
                "put a blank line before it or make it a '|' row",
            )
        cells = split_row(text, name, line)
        if len(cells) != len(header):
            raise SourceError(
                name,
                line,
                f"this row has {len(cells)} cells, the header has {len(header)}",
            )
        code, description = unwrap_code(cells[0]), cells[1]
        if not code:
            raise SourceError(name, line, "empty code")
        problem = naming.code_problem(code)
        if problem is not None:
            raise SourceError(name, line, problem)
        if not description:
            raise SourceError(name, line, f"empty description for code '{code}'")
        found.append(
            PageRow(
                code=code,
                description=description,
                line=line,
                cells=tuple(cells[1:]) if len(cells) > 2 else (),
            )
        )
    columns = tuple(header[1:]) if len(header) > 2 else ()
    return PageTable(
        key=unwrap_code(header[0]),
        title=header[1],
        rows=tuple(found),
        path=name,
        line=header_line,
        columns=columns,
    )


def _not_a_table(
    lines: list[str],
    number: int,
    previous: tuple[int, int] | None,
    numbers: list[int],
    name: str,
) -> None:
    """Explain why a pipe row GitHub shows as text is not part of a table, and stop."""
    line = numbers[number]
    if previous is not None and all(
        not text.strip() for text in lines[previous[1] : number]
    ):
        raise SourceError(
            name,
            line,
            "this '|' row is not part of a table: the blank line above ends the "
            f"table of line {numbers[previous[0]]}; remove the blank line",
        )
    header = split_row(lines[number], name, line)
    following = lines[number + 1] if number + 1 < len(lines) else ""
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
    text = text.strip()
    cells: list[str] = []
    cell: list[str] = []
    # past the leading '|', which GitHub makes optional
    i = 1 if text.startswith("|") else 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in "|\\":
            cell.append(text[i + 1])
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
    for mark in ("**", "__"):
        if len(cell) > 2 * len(mark) and cell.startswith(mark) and cell.endswith(mark):
            inner = cell[len(mark) : -len(mark)]
            if inner.strip() == inner and mark[0] not in inner:
                cell = inner
                break
    return unwrap_code_span(cell)


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
