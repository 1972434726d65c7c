"""Stage 1, endpoints: the HTTP endpoint a page documents, as "METHOD /path".

A docs-CMS page names it in its front matter (`type: post`, `description:
/future/...`), and so do a few Docusaurus pages. The others state it in their
body, near the top, in many notations, which all come down to a method statement
followed by its path:

- a labelled method: `**Type:** POST`, `**Type** POST`, `**\\*Type:** POST`,
  `**Method:** POST`, `- Type: **GET**`, `**类型:** GET`, `**请求方式：** GET`,
  `类型: GET`, in any case (`**Type:** get`);
- then its path, on the same line or on the next lines that are not blank, after a
  path label (`**Description:** `/p``, `**Description**`/p``, `- URL: `/p``,
  `**Endpoint:** `/p``, `**Path:** /p`, `**描述:**`, `**接口地址：**`...), or under
  an empty path label, one path per line (`- Shark Fin: `/v4/...``);
- or both at once: `**GET** `/v4/balances``, `` `GET /v4/referal/...` ``,
  `**Endpoint:** `POST /v4/order/...``.

Only the page's first method statement counts, and only in its opening part:
before its first table, code block or JSX element, and before any heading about
parameters, responses, examples or errors, so the examples of a signature page
(`- Method: `POST``) are not its endpoint. A method that is not HTTP's
(`**Type:** Websocket Push`) makes no statement. A path loses its query string and
keeps its placeholders (`/future/user/v1/compat/balance/{coin}`). A statement with
two paths for one method gives two endpoints.
"""

from __future__ import annotations

import re

from codegen.read.mdx import opens_fence, starts_jsx

_METHODS = ("get", "post", "put", "delete", "patch")
_METHOD = "|".join(_METHODS)


def _label(words: str) -> str:
    """A label in bold, with or without its colon (`**Type:**`, `**Type**`,
    `**\\*Type:**`), or plain with its colon (`Type:`); colons may be full-width."""
    bold = rf"\*\*(?:\\\*)?(?:{words})\s*[:：]?\s*\*\*\s*[:：]?"
    return rf"(?:{bold}|(?:{words})\s*[:：])"


_METHOD_LABEL = _label("type|method|request type|请求类型|请求方式|类型")
_PATH_LABEL = _label(
    "description|endpoint|url|path|描述|接口地址|接口描述|接口路径|接口|请求路径|请求地址|地址|路径"
)
_METHOD_VALUE = rf"(?:\*\*|`)?(?P<method>{_METHOD})(?:\*\*|`)?(?![\w/])"
_FLAGS = re.IGNORECASE
_LABELLED_METHOD = re.compile(
    rf"{_METHOD_LABEL}\s*{_METHOD_VALUE}\s*(?P<rest>.*)", _FLAGS
)
_LABELLED_PATH = re.compile(rf"{_PATH_LABEL}\s*(?P<path>.*)", _FLAGS)
_METHOD_AND_PATH = re.compile(
    rf"(?:{_PATH_LABEL}\s*)?`(?P<method>{_METHOD})\s+(?P<path>/[^`]*)`"
    rf"|\*\*(?P<bold>{_METHOD})\*\*\s*(?P<spanned>`/[^`]*`)",
    _FLAGS,
)
_PATH = re.compile(r"`?(/[^\s`]*)`?")
_LISTED_PATH = re.compile(r"(?:[^`:：]+[:：]\s*)?`(/[^\s`]*)`")
_BULLET = re.compile(r"[-*+]\s+")
_HEADING = re.compile(r" {0,3}#{1,6}\s+(.*)")
_BODY_HEADING = re.compile(
    r"param|respon|example|return|error|参数|响应|返回|示例|错误", _FLAGS
)


def from_front_matter(values: dict[str, str]) -> tuple[str, ...]:
    """The endpoint a front matter names: `type: post`, `description: /future/...`."""
    method = values.get("type", "").strip().lower()
    path = values.get("description", "").strip()
    if method in _METHODS and path.startswith("/") and " " not in path:
        return (f"{method.upper()} {path}",)
    return ()


def from_body(lines: list[str], markdown: list[str], body: int) -> tuple[str, ...]:
    """The endpoints a page's body states. `lines` are the page's, `markdown`
    the same with its MDX blanked, `body` the index of the line after its front matter."""
    opening = markdown[body : body + _opening_length(lines[body:], markdown[body:])]
    for index, line in enumerate(opening):
        text = _statement(line)
        both = _METHOD_AND_PATH.fullmatch(text)
        if both is not None:
            method = both.group("method") or both.group("bold")
            path = both.group("path") or both.group("spanned")
            return _endpoints(method, [path])
        labelled = _LABELLED_METHOD.fullmatch(text)
        if labelled is None:
            continue
        rest = labelled.group("rest")
        if rest:
            path = _LABELLED_PATH.fullmatch(rest)
            paths = [path.group("path")] if path is not None else []
        else:
            paths = _paths_after(opening[index + 1 :])
        return _endpoints(labelled.group("method"), paths)
    return ()


def _opening_length(lines: list[str], markdown: list[str]) -> int:
    """How many lines of the body come before its first table, code block,
    JSX element, or heading about parameters, responses, examples or errors."""
    for index, (line, text) in enumerate(zip(lines, markdown, strict=True)):
        heading = _HEADING.match(text)
        if (
            starts_jsx(line)
            or opens_fence(text)
            or text.lstrip().startswith("|")
            or (heading is not None and _BODY_HEADING.search(heading.group(1)))
        ):
            return index
    return len(lines)


def _statement(line: str) -> str:
    """A line without its indentation, its list bullet and its trailing spaces."""
    text = line.strip()
    bullet = _BULLET.match(text)
    return text[bullet.end() :] if bullet is not None else text


def _paths_after(lines: list[str]) -> list[str]:
    """The path of a method stated alone: the next line that is not blank, a
    labelled path or a bare one; under an empty label, every path listed below it."""
    texts = [_statement(line) for line in lines if line.strip()]
    if not texts:
        return []
    labelled = _LABELLED_PATH.fullmatch(texts[0])
    if labelled is None:
        return [texts[0]]
    if labelled.group("path"):
        return [labelled.group("path")]
    listed = []
    for text in texts[1:]:
        path = _LISTED_PATH.fullmatch(text)
        if path is None:
            break
        listed.append(path.group(1))
    return listed


def _endpoints(method: str, values: list[str]) -> tuple[str, ...]:
    """An endpoint, `METHOD /path`, for each value that is a path, without its query string."""
    found = []
    for value in values:
        path = _PATH.fullmatch(value.strip())
        if path is not None:
            found.append(f"{method.upper()} {path.group(1).split('?', 1)[0]}")
    return tuple(found)
