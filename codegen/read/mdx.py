"""Stage 1, MDX: what in a Docusaurus page is not markdown, blanked so that the
markdown around it reads as GitHub would read it, every line where it was.

MDX adds two things to markdown. ESM: `import`/`export` statements, from a line
that starts with the word to the next blank line. JSX: elements and
`{expressions}` such as `<CodeBlock language="json">{`...`}</CodeBlock>`, whose
template literals may run over many lines, blank lines and pipes included. A
line that starts (after its indentation) with a tag or a brace starts a JSX
block: its tags, expressions and the text between them are consumed to the end
of the line where the last of them closes, and all those lines are blanked. The
markdown a JSX element holds on lines of its own stays markdown, as in MDX.
Fenced code blocks are code, left as written, whatever they hold.

The scan knows JavaScript's strings, template literals (with `${...}`) and
comments, enough for the expressions XT writes; it does not know regular
expression literals.
"""

from __future__ import annotations

import bisect
import re

from codegen.errors import SourceError

_ESM = re.compile(r"(?:import|export)\b")
_JSX_BLOCK = re.compile(r"[ \t]*(?:<(?:[A-Za-z_$/]|>)|\{)")
_TAG = re.compile(r"<(?:[A-Za-z_$/]|>)")
# An opening fence, at any indentation (MDX has no indented code); a backtick
# fence's info string holds no backtick.
_FENCE = re.compile(r"[ \t]*(`{3,}(?=[^`]*$)|~{3,})")


def starts_jsx(line: str) -> bool:
    """Whether the line starts a JSX block: a tag or an expression."""
    return _JSX_BLOCK.match(line) is not None


def opens_fence(line: str) -> bool:
    """Whether the line opens a fenced code block."""
    return _FENCE.match(line) is not None


class _Unclosed(Exception):
    """A JSX tag, expression, string or template literal runs to the end of the page."""


def blank_mdx(lines: list[str], numbers: list[int], name: str) -> list[str]:
    """The page's lines with its ESM and JSX blanked; `numbers[i]` is the file
    line of `lines[i]`, for the message about a JSX block never closed."""
    text = "\n".join(lines)
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    blanked = list(lines)
    fence: str | None = None  # the open fence, as it opened
    index = 0
    while index < len(lines):
        line = lines[index]
        last = index
        if fence is not None:
            if _closes(line, fence):
                fence = None
        elif (opening := _FENCE.match(line)) is not None:
            fence = opening.group(1)
        elif _ESM.match(line) and (index == 0 or not lines[index - 1].strip()):
            while last + 1 < len(lines) and lines[last + 1].strip():
                last += 1
            blanked[index : last + 1] = [""] * (last + 1 - index)
        elif starts_jsx(line):
            try:
                end = _block_end(text, starts[index])
            except _Unclosed:
                raise SourceError(
                    name,
                    numbers[index],
                    "this JSX element or {expression} is never closed",
                ) from None
            last = bisect.bisect_right(starts, end) - 1
            blanked[index : last + 1] = [""] * (last + 1 - index)
        index = last + 1
    return blanked


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return (
        len(stripped) >= len(fence)
        and not stripped.strip(fence[0])
        and stripped.startswith(fence)
    )


def _block_end(text: str, at: int) -> int:
    """Where the JSX block that starts at `at` ends: the end of the line on
    which its last tag or expression closes."""
    while True:
        while at < len(text) and text[at] in " \t":
            at += 1
        if at == len(text) or text[at] == "\n":
            return at
        if _TAG.match(text, at):
            at = _tag_end(text, at)
        elif text[at] == "{":
            at = _expression_end(text, at)
        else:  # the element's text, up to its next tag or expression
            at += 1
            while at < len(text) and text[at] not in "<{\n":
                at += 1


def _tag_end(text: str, at: int) -> int:
    """Past the '>' of the tag whose '<' is at `at`: its attribute values may
    be strings or expressions, which may hold a '>'."""
    at += 1
    while at < len(text):
        char = text[at]
        if char == ">":
            return at + 1
        if char in "\"'":
            at = _string_end(text, at)
        elif char == "{":
            at = _expression_end(text, at)
        else:
            at += 1
    raise _Unclosed


def _expression_end(text: str, at: int) -> int:
    """Past the '}' that closes the '{' at `at`."""
    depth = 0
    while at < len(text):
        char = text[at]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return at + 1
        elif char in "\"'":
            at = _string_end(text, at)
            continue
        elif char == "`":
            at = _template_end(text, at)
            continue
        elif text.startswith("//", at):
            at = text.find("\n", at)
            if at == -1:
                raise _Unclosed
            continue
        elif text.startswith("/*", at):
            at = text.find("*/", at + 2)
            if at == -1:
                raise _Unclosed
            at += 2
            continue
        at += 1
    raise _Unclosed


def _string_end(text: str, at: int) -> int:
    """Past the quote that closes the string whose quote is at `at`."""
    quote = text[at]
    at += 1
    while at < len(text):
        if text[at] == "\\":
            at += 2
            continue
        if text[at] == quote:
            return at + 1
        at += 1
    raise _Unclosed


def _template_end(text: str, at: int) -> int:
    """Past the backtick that closes the template literal opened at `at`."""
    at += 1
    while at < len(text):
        if text[at] == "\\":
            at += 2
            continue
        if text[at] == "`":
            return at + 1
        if text.startswith("${", at):
            at = _expression_end(text, at + 1)
            continue
        at += 1
    raise _Unclosed
