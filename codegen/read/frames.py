"""Stage 1, WebSocket frame codes: the codes a WebSocket page gives in its code
blocks rather than in a table, for docs-CMS and Docusaurus pages alike.

XT writes them in the comment on the frame format's `"code"` member, `"code": 1,
//result 0=success;1=fail;2=listenKey invalid` (`// 结果 0=成功；1=失败` in
Chinese, sometimes with a colon after the word, a capital, full-width
semicolons), and in example frames such as
`{"id":"123", "code": 401, "msg": "token expire"}`.
"""

from __future__ import annotations

import re

from codegen.errors import SourceError
from codegen.read.tables import PageRow, PageTable

# The comment on the frame format's "code" member: the word, then code=text pairs.
_RESULT_COMMENT = re.compile(
    r'"code"\s*:\s*-?[0-9]+\s*,?\s*//\s*(result|结果)\s*[:：]?\s*(-?[0-9]+\s*=.*?)\s*$',
    re.IGNORECASE,
)
_RESULT_SEPARATOR = re.compile("[;；]")
_RESULT = re.compile(r"^\s*(-?[0-9]+)\s*=\s*(.+?)\s*$")
_EXAMPLE_FRAME = re.compile(r'"code"\s*:\s*(-?[0-9]+)\s*,\s*"msg"\s*:\s*"([^"\\]+)"')


def has_result_comment(line: str) -> bool:
    """Whether a line is a frame format's "code" member with its result comment."""
    return _RESULT_COMMENT.search(line) is not None


def frame_tables(lines: list[str], name: str) -> list[PageTable]:
    """The codes of a page's WebSocket frames, as one table keyed "code": those
    its frame format's comment lists, then those of its example frames; none
    when no line carries such a comment. `lines` are the page's, line 1 first."""
    rows: list[PageRow] = []
    title = "result"
    for number, text in enumerate(lines, 1):
        comment = _RESULT_COMMENT.search(text)
        if comment is None:
            continue
        title = comment.group(1)
        for part in _RESULT_SEPARATOR.split(comment.group(2)):
            result = _RESULT.match(part)
            if result is None:
                raise SourceError(
                    name, number, f"'{part.strip()}' is not a code=text pair"
                )
            rows.append(
                PageRow(code=result.group(1), description=result.group(2), line=number)
            )
    if not rows:
        return []
    listed = {row.code for row in rows}
    for number, text in enumerate(lines, 1):
        for code, message in _EXAMPLE_FRAME.findall(text):
            if code not in listed:
                listed.add(code)
                rows.append(
                    PageRow(code=code, description=message.strip(), line=number)
                )
    table = PageTable(
        key="code", title=title, rows=tuple(rows), path=name, line=rows[0].line
    )
    return [table]
