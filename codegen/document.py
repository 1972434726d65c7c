"""Stage 1: read XT documentation pages and find their response-code tables.

A page is either a docs-CMS export (YAML front matter whose
``content_markdown`` holds the markdown) or plain markdown. Every pipe table
in the markdown becomes a `PageTable`; every row keeps the line, in the file,
it came from, so later stages can point at it.

`codegen.front_matter.format_document` is the exact inverse, used to write test
and benchmark documents in the same CMS format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from codegen import naming
from codegen.errors import SourceError
from codegen.front_matter import read_front_matter

_SEPARATOR_CELL = re.compile(r":?-+:?")
_SEPARATOR_ROW = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?")
# CommonMark with GitHub's tables; HTML on, so that a commented-out table stays a comment.
_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


@dataclass(frozen=True)
class PageRow:
    code: str
    description: str  # the second cell
    line: int
    cells: tuple[
        str, ...
    ] = ()  # every cell after the code, when the table has more than two


@dataclass(frozen=True)
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
            rows.append(PageRow(row.code, row.cells[index], row.line, row.cells))
        return PageTable(
            self.key, column, tuple(rows), self.path, self.line, self.columns
        )


@dataclass(frozen=True)
class Page:
    """What one page of the documentation gave: its code tables, and the endpoint it documents."""

    name: str  # the file name, as the spec's pages name it
    path: str  # the path as named in messages
    tables: tuple[PageTable, ...]
    # e.g. "POST /future/trade/v1/order/create", from the front matter
    endpoint: str | None = None
    title: str | None = None  # the front matter's title


def read_page(path: Path, shown: str) -> Page:
    """Read one documentation page; `shown` is how messages refer to it."""
    return parse_page(read_utf8(path, shown), path.name, shown)


def parse_page(text: str, name: str, shown: str) -> Page:
    """One documentation page's text, named `name` (its file name) and `shown` in messages."""
    tables, front_matter = _parse(text, shown)
    return Page(
        name,
        shown,
        tuple(tables),
        endpoint=_endpoint(front_matter),
        title=front_matter.get("title"),
    )


_METHODS = ("get", "post", "put", "delete", "patch")


def _endpoint(front_matter: dict[str, str]) -> str | None:
    """An endpoint page's front matter names it: `type: post`, `description: /future/...`."""
    method = front_matter.get("type", "").strip().lower()
    path = front_matter.get("description", "").strip()
    if method in _METHODS and path.startswith("/") and " " not in path:
        return f"{method.upper()} {path}"
    return None


def read_document(
    path: Path, name: str, repairs: tuple[Repair, ...] = ()
) -> list[PageTable]:
    """The code tables of one page; `name` is how messages refer to it."""
    return parse_document(read_utf8(path, name), name, repairs)


def read_utf8(path: Path, name: str) -> str:
    """A file's text; a byte that is not UTF-8 is reported at its line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(name, 1, f"cannot read the file: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise SourceError(name, line, f"not valid UTF-8 (byte 0x{byte:02x})") from None
    return text


@dataclass(frozen=True)
class Repair:
    """A broken table of a past page, mended as an erratum says: the row written
    `row` continues the table above it across a blank line (`joins`), or is
    the header of a new table whose separator row is missing (`heads`), read
    as a header of the table `key` when the page names the wrong one."""

    row: str  # the row as the page writes it, without its indentation
    joins: bool  # else: heads
    key: str | None = (
        None  # for a header: the table it heads, when not the one it names
    )


def parse_document(
    text: str, name: str, repairs: tuple[Repair, ...] = ()
) -> list[PageTable]:
    """Find the response-code tables of one page's text, mended by `repairs`.

    Raises SourceError naming a repair that finds no row of its kind to mend.
    """
    return _parse(text, name, repairs)[0]


def _parse(
    text: str, name: str, repairs: tuple[Repair, ...] = ()
) -> tuple[list[PageTable], dict[str, str]]:
    """The tables of a page, and the plain values of its front matter's top-level keys."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    _check_characters(text, name)
    if not text.strip():
        raise SourceError(name, 1, "the document is empty")
    lines = text.split("\n")
    front_matter: dict[str, str] = {}
    if lines[0].rstrip() == "---":
        markdown, numbers, front_matter = read_front_matter(lines, name)
    else:
        markdown, numbers = text, list(range(1, len(lines) + 1))
    markdown_lines = markdown.split("\n")
    for repair in repairs:
        markdown_lines, numbers = _repaired(markdown_lines, numbers, repair, name)
    tables = _find_tables(markdown_lines, numbers, name)
    if not tables and not markdown.strip():
        tables = _frame_tables(lines, name)
    if not tables:
        raise SourceError(
            name, numbers[0], "no response-code table (a markdown pipe table) found"
        )
    return tables, front_matter


def _repaired(
    lines: list[str], numbers: list[int], repair: Repair, name: str
) -> tuple[list[str], list[int]]:
    """The markdown with one broken table mended; line numbers keep pointing at the page."""
    at = next((i for i, line in enumerate(lines) if line.strip() == repair.row), None)
    if repair.joins and at is not None and at > 0 and not lines[at - 1].strip():
        start = at
        while start > 0 and not lines[start - 1].strip():
            start -= 1
        return lines[:start] + lines[at:], numbers[:start] + numbers[at:]
    following = lines[at + 1].strip() if at is not None and at + 1 < len(lines) else ""
    if not repair.joins and at is not None and not _SEPARATOR_ROW.fullmatch(following):
        cells = split_row(lines[at], name, numbers[at])
        header = "| " + " | ".join([repair.key or cells[0], *cells[1:]]) + " |"
        separator = "| " + " | ".join(["---"] * len(cells)) + " |"
        return (
            [*lines[:at], header, separator, *lines[at + 1 :]],
            [*numbers[: at + 1], numbers[at], *numbers[at + 1 :]],
        )
    kind = (
        "continues the table above it"
        if repair.joins
        else "heads a table without a separator"
    )
    raise SourceError(
        name, numbers[0], f"no row {repair.row!r} {kind}: its erratum is stale"
    )


# Characters that YAML refuses or that would shift line numbers (a lone CR,
# Unicode line separators), and invisible controls that have no place in a code
# or its description. Tab, line feed and everything printable pass.
_BAD_CHARACTER = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]"
)


def _check_characters(text: str, name: str) -> None:
    bad = _BAD_CHARACTER.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise SourceError(
            name, line, f"control character U+{ord(bad.group()):04X} is not allowed"
        )


# XT's WebSocket pages give their codes in the frame format's comment,
# `"code": 1, //result 0=success;1=fail;2=listenKey invalid` (结果 in Chinese),
# and in example frames such as {"id":"123", "code": 401, "msg": "token expire"}.
_RESULT_COMMENT = re.compile(r"//\s*(result|结果)\s*(.+?)\s*$")
_RESULT = re.compile(r"^\s*(-?[0-9]+)\s*=\s*(.+?)\s*$")
_EXAMPLE_FRAME = re.compile(r'"code"\s*:\s*(-?[0-9]+)\s*,\s*"msg"\s*:\s*"([^"\\]+)"')


def _frame_tables(lines: list[str], name: str) -> list[PageTable]:
    """The codes of a WebSocket response-format page, which has no markdown table:
    those its frame format's comment lists, then those of its example frames."""
    rows: list[PageRow] = []
    title = "result"
    for number, text in enumerate(lines, 1):
        comment = _RESULT_COMMENT.search(text)
        if comment is None:
            continue
        title = comment.group(1)
        for part in comment.group(2).split(";"):
            result = _RESULT.match(part)
            if result is None:
                raise SourceError(
                    name, number, f"'{part.strip()}' is not a code=text pair"
                )
            rows.append(PageRow(result.group(1), result.group(2), number))
    if not rows:
        return []
    listed = {row.code for row in rows}
    for number, text in enumerate(lines, 1):
        for code, message in _EXAMPLE_FRAME.findall(text):
            if code not in listed:
                listed.add(code)
                rows.append(PageRow(code, message.strip(), number))
    return [PageTable("code", title, tuple(rows), name, rows[0].line)]


def _find_tables(lines: list[str], numbers: list[int], name: str) -> list[PageTable]:
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
            PageRow(code, description, line, tuple(cells[1:]) if len(cells) > 2 else ())
        )
    columns = tuple(header[1:]) if len(header) > 2 else ()
    return PageTable(
        unwrap_code(header[0]), header[1], tuple(found), name, header_line, columns
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
