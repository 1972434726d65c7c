"""Stage 1: read XT documentation pages and find their response-code tables.

A page is a docs-CMS export (YAML front matter whose ``content_markdown``
holds the markdown), plain markdown, or a Docusaurus `.mdx` page (read by
`codegen.read.docusaurus`). Every pipe table in the markdown of the first two
becomes a `PageTable` (see `codegen.read.tables`); a Docusaurus page names
which of its tables list codes.

`codegen.read.front_matter.format_document` is the exact inverse, used to
write test and benchmark documents in the same CMS format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from codegen.errors import SourceError
from codegen.read import endpoints
from codegen.read.frames import frame_tables
from codegen.read.front_matter import read_front_matter
from codegen.read.tables import SEPARATOR_ROW, PageTable, find_tables, split_row


@dataclass(frozen=True, kw_only=True)
class Document:
    """What one page of the documentation gave: its code tables, and the endpoint it documents."""

    name: str  # the file name, as the spec's pages name it
    path: str  # the path as named in messages
    tables: tuple[PageTable, ...]
    # e.g. "POST /future/trade/v1/order/create": the first of `endpoints`
    endpoint: str | None = None
    # every endpoint the page documents, in its order: one, or two for a page
    # that gives one method two paths; the later stages record `endpoint`
    endpoints: tuple[str, ...] = ()
    title: str | None = None  # the front matter's title

    def __post_init__(self) -> None:
        if self.endpoint is not None and not self.endpoints:
            object.__setattr__(self, "endpoints", (self.endpoint,))
        if self.endpoint != (self.endpoints[0] if self.endpoints else None):
            raise ValueError("a page's endpoint is the first of its endpoints")


def read_page(path: Path, shown: str) -> Document:
    """Read one documentation page; `shown` is how messages refer to it."""
    return parse_page(read_utf8(path, shown), path.name, shown)


def parse_page(text: str, name: str, shown: str) -> Document:
    """One documentation page's text, named `name` (its file name) and `shown` in
    messages: a Docusaurus page when the name ends in `.mdx`, else plain markdown
    or a docs-CMS page."""
    if name.endswith(".mdx"):
        # Imported here: it imports this module, and only .mdx pages need it.
        from codegen.read import docusaurus

        return docusaurus.parse_mdx(text, name, shown)
    tables, front_matter = _parse(text, shown)
    endpoint = endpoints.from_front_matter(front_matter)
    return Document(
        name=name,
        path=shown,
        tables=tuple(tables),
        endpoint=endpoint[0] if endpoint else None,
        title=front_matter.get("title"),
    )


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
    text = page_text(text, name)
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
    tables = find_tables(markdown_lines, numbers, name)
    if not tables and not markdown.strip():
        tables = frame_tables(lines, name)
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
    if not repair.joins and at is not None and not SEPARATOR_ROW.fullmatch(following):
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


def page_text(text: str, name: str) -> str:
    """A page's text without its byte-order mark, with '\\n' line ends; a control
    character stops at its line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    bad = _BAD_CHARACTER.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        raise SourceError(
            name, line, f"control character U+{ord(bad.group()):04X} is not allowed"
        )
    return text
