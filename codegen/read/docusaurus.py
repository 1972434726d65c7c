"""Stage 1, Docusaurus pages: the code tables and the endpoint of one `.mdx` page
of XT's documentation site (the XtApis/xt-api repository).

A page is YAML front matter (`id`, `title`, `sidebar_label`,
`sidebar_position`...), then MDX: markdown with imports and JSX, which are
blanked first (`codegen.read.mdx`) so that every line keeps its number. As
for markdown, a table is what the site shows as one: a front matter's values are
not shown, so the markdown a docs-CMS `content_markdown` holds (on a few of XT's
early `.mdx` pages) is not read.

A page holds many tables (parameters, responses, enums); only those whose first
header cell names a code column are code tables (`lists_codes`), and nothing in
the others stops the run. A code table's rows are read as MDX shows them: a row
of dashes or nothing is a placeholder, not a code, and a code table may be left
with no row (an endpoint that documents none); a code cell loses its bold, its
code span or its backslash escapes (`quantity_can_not_less_than \\*` is the code
`quantity_can_not_less_than *`), and every other cell stays as written.
WebSocket pages also give codes in their frames (`codegen.read.frames`).

An endpoint page states its endpoint near its top, in one of many notations
(see `codegen.read.endpoints`).
"""

from __future__ import annotations

import re
import unicodedata

from markdown_it import MarkdownIt

from codegen.read import endpoints, frames
from codegen.read.document import Document, page_text
from codegen.read.frames import frame_tables
from codegen.read.front_matter import plain_values
from codegen.read.mdx import blank_mdx
from codegen.read.tables import TableRules, find_tables

# The first header cells of XT's code tables, as `code_column` writes them. A
# table is a code table when its first header cell is one of these, whole:
# never a prefix, since enum tables are headed `Status`, `Type`, `Category`,
# `状态`, `类型`, `大类` and list upper-case values that look like codes. A
# header XT starts to use for codes must be added here, or its table is not read.
CODE_COLUMNS = frozenset(
    {
        "code",  # loan
        "error code",  # futures endpoint pages, earn
        "error code (mc)",  # broker, in the history
        "status code",  # futures copy trading; futures, in the history
        "http code",  # futures
        "httpstatus",  # the HTTP status tables of the spot-like products
        "rc",
        "returncode",  # the catalog's name for the rc table
        "mc",
        "错误码",
        "错误码 (mc)",
        "状态码",
        "http 返回码",
    }
)


def code_column(cell: str) -> str:
    """A first header cell (its bold or code span removed) as `CODE_COLUMNS`
    writes it: full-width forms folded (`（mc）` is `(mc)`), spaces collapsed,
    one space before a parenthesis, case folded."""
    folded = unicodedata.normalize("NFKC", cell)
    spaced = re.sub(r"\s*\(\s*", " (", " ".join(folded.split()))
    return re.sub(r"\s*\)", ")", spaced).strip().casefold()


def lists_codes(first_header_cell: str) -> bool:
    """Whether a table whose first header cell is this is a code table."""
    return code_column(first_header_cell) in CODE_COLUMNS


def may_list_codes(text: str) -> bool:
    """Whether a page's text may hold codes, by a cheap look at its lines: a
    pipe row whose first cell names a code column, or a frame format's result
    comment. False means the page has none; True is for the reader to confirm
    (the history of a repository has thousands of pages without codes)."""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|"):
            first = stripped[1:].split("|", 1)[0].strip().strip("*`")
            if lists_codes(first):
                return True
        elif "//" in stripped and frames.has_result_comment(stripped):
            return True
    return False


# MDX has no indented code: a line indented by four spaces is markdown.
_MDX_MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table").disable("code")
RULES = TableRules(
    lists_codes=lists_codes,
    placeholders=True,
    unescapes_codes=True,
    parser=_MDX_MARKDOWN,
)


def parse_mdx(text: str, name: str, shown: str) -> Document:
    """One Docusaurus page's text, named `name` (its file name) and `shown` in messages."""
    lines = page_text(text, shown).split("\n")
    values: dict[str, str] = {}
    body = 0  # the index of the first line after the front matter
    if lines[0].rstrip() == "---":
        end, values = plain_values(lines, shown)
        body = end + 1
    numbers = list(range(1, len(lines) + 1))
    markdown = [""] * body + blank_mdx(lines[body:], numbers[body:], shown)
    tables = find_tables(markdown, numbers, shown, RULES)
    tables += frame_tables(lines, shown)
    tables.sort(key=lambda table: table.line)
    found = endpoints.from_front_matter(values) or endpoints.from_body(
        lines, markdown, body
    )
    return Document(
        name=name,
        path=shown,
        tables=tuple(tables),
        endpoint=found[0] if found else None,
        endpoints=found,
        title=values.get("title") or None,
    )
