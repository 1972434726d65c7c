"""Turning documentation text into safe literals for generated files.

Escaping is a security boundary: the documentation is data from outside,
and a description must never become code or markup. Each output language
has exactly one function here, and templates use nothing else.
"""

from __future__ import annotations

import json
import re
import unicodedata


def python_str(text: str) -> str:
    """A Python string literal that evaluates to exactly `text`.

    Built on `repr`, which already escapes backslashes, line breaks and
    unprintable characters. The quote choice follows ruff's formatter (double
    quotes unless that needs more escapes), so generated code is format-clean.
    """
    literal = repr(text)
    if literal[0] == '"' or '"' in text:
        # repr chose double quotes (the text has ' but no "), or the text has
        # both kinds: repr escaped the single quotes and ruff keeps single
        # quotes only while the text has more double quotes than single ones.
        if '"' in text and "'" in text and text.count('"') <= text.count("'"):
            body = literal[1:-1].replace("\\'", "'").replace('"', '\\"')
            return f'"{body}"'
        return literal
    return f'"{literal[1:-1]}"'


def python_docstring(lines: list[str], indent: int) -> str:
    """A triple-quoted docstring whose text is `lines`, laid out as ruff formats one.

    Backslashes and double quotes are escaped, so no text can end the string
    or start an escape; anything unprintable (tabs, line and paragraph
    separators, control characters) becomes its escape, so each line stays
    one line and no formatter has whitespace to strip. Empty lines stay empty.
    """
    pad = " " * indent
    shown = []
    for number, line in enumerate(lines):
        text = "".join(_docstring_char(char) for char in line)
        # Spaces at either end would be stripped or re-indented by a formatter.
        stripped = text.strip(" ")
        start = len(text) - len(text.lstrip(" "))
        end = len(text) - len(text.rstrip(" ")) if stripped else 0
        text = "\\x20" * start + stripped + "\\x20" * end
        shown.append(f"{pad if number and text else ''}{text}")
    if len(shown) == 1:
        return f'"""{shown[0]}"""'
    return '"""' + "\n".join(shown) + f'\n{pad}"""'


def _docstring_char(char: str) -> str:
    if char in '\\"':
        return "\\" + char
    return char if char.isprintable() else repr(char)[1:-1]


def python_value(value: object) -> str:
    """A literal for a str, int, bool or None from the spec."""
    if isinstance(value, str):
        return python_str(value)
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    raise TypeError(f"no Python literal for {type(value).__name__}")


def json_text(value: object) -> str:
    """JSON for data files: ASCII-only, so no byte can be mistaken for markup."""
    return json.dumps(value, ensure_ascii=True, indent=2) + "\n"


# -- laying out Python the way ruff's formatter would ---------------------------

LINE_LENGTH = 88  # ruff's default, so the package is clean under any ruff config


def width(text: str) -> int:
    """Columns `text` takes, as ruff counts them: a wide (Chinese) character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def python_assign(target: str, value: object, indent: int = 0) -> str:
    """`target = literal`, wrapped in parentheses exactly when ruff would."""
    literal = python_value(value)
    line = f"{target} = {literal}"
    if indent + width(line) <= LINE_LENGTH or indent + 4 + width(literal) > LINE_LENGTH:
        return line
    pad = " " * indent
    return f"{target} = (\n{pad}    {literal}\n{pad})"


def python_tuple(target: str, items: list[str]) -> str:
    """`target = (a, b)` for items already written as Python, laid out as ruff would."""
    if len(items) == 1:
        inline = f"{target} = ({items[0]},)"
    else:
        inline = f"{target} = ({', '.join(items)})"
    if width(inline) <= LINE_LENGTH:
        return inline
    body = "".join(f"    {item},\n" for item in items)
    return f"{target} = (\n{body})"


def python_union(target: str, names: list[str]) -> str:
    """`target = A | B`, laid out as ruff would: one name a line when too long."""
    inline = f"{target} = {' | '.join(names)}"
    if width(inline) <= LINE_LENGTH:
        return inline
    body = "\n    | ".join(names)
    return f"{target} = (\n    {body}\n)"


def python_tuple_argument(items: list[str], indent: int, prefix: str = "") -> str:
    """A tuple literal written as one item of an exploded call or dict at `indent`,
    after `prefix` ('products=', '"AUTH_105": '), as ruff would lay it out.
    The caller adds the comma that follows it.
    """
    if not items:
        return f"{prefix}()"
    inline = f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    if indent + width(prefix) + width(inline) + 1 <= LINE_LENGTH:
        return prefix + inline
    pad = " " * indent
    body = "".join(f"{pad}    {item},\n" for item in items)
    return f"{prefix}(\n{body}{pad})"


def python_class_head(name: str, bases: list[str], end: str = ": ...") -> str:
    """`class Name(A, B)` and `end` (a stub's ': ...' or ':'), laid out as ruff would for a long line."""
    inline = f"class {name}({', '.join(bases)}){end}"
    if width(inline) <= LINE_LENGTH:
        return inline
    hugged = f"    {', '.join(bases)}"
    if width(hugged) <= LINE_LENGTH:
        return f"class {name}(\n{hugged}\n){end}"
    body = "".join(f"    {base},\n" for base in bases)
    return f"class {name}(\n{body}){end}"


def python_import(module: str, names: list[str]) -> str:
    """`from module import a, b`, in isort's order and laid out as ruff would."""
    ordered = import_order(names)
    inline = f"from {module} import {', '.join(ordered)}"
    if width(inline) <= LINE_LENGTH:
        return inline
    body = "".join(f"    {name},\n" for name in ordered)
    return f"from {module} import (\n{body})"


def import_order(names: list[str]) -> list[str]:
    """Names of a `from x import (...)` in isort's order: CONSTANTS, Classes, functions."""
    return sorted(set(names), key=lambda name: _isort_key(name, name.lower()))


def module_order(modules: list[str]) -> list[str]:
    """Modules of `from x import ...` lines in ruff's order: ignoring case
    (`AuthenticationError` before `AuthError`), numbers by value."""
    return sorted(
        set(modules),
        key=lambda module: [_natural(p) for p in re.split(r"(\d+)", module.lower())],
    )


def all_order(names: list[str]) -> list[str]:
    """Names of `__all__` in ruff's order (RUF022): as imports, but case-sensitive."""
    return sorted(set(names), key=lambda name: _isort_key(name, name))


def _isort_key(name: str, text: str) -> tuple[int, list[tuple[int, int, str, int]]]:
    rank = 0 if name.isupper() and len(name) > 1 else 1 if name[:1].isupper() else 2
    # Natural order as isort and ruff have it (strnatcmp): numbers by value, but
    # a number with a leading zero compares as text, before any without one.
    parts = re.split(r"(\d+)", text)
    return rank, [_natural(part) for part in parts]


def _natural(part: str) -> tuple[int, int, str, int]:
    if not part.isdigit():
        return (1, 0, part, 0)
    return (0, 0, part, 0) if part.startswith("0") else (0, 1, "", int(part))


# -- the reference site ----------------------------------------------------------

_MARKUP_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# What markdown_text puts for a character: control characters (U+FFFD), line
# breaks and tabs (a space), ASCII punctuation (its numeric reference); one
# str.translate, as a loop per character cost a 10,000-code re-sync a tenth of
# its time (benchmark row 1b).
_LITERAL = {
    **{code: "\ufffd" for code in [*range(32), *range(127, 160)]},
    **{ord(char): " " for char in "\t\n\r\f\v"},
    **{ord(char): f"&#{ord(char)};" for char in _MARKUP_PUNCTUATION},
}


def markdown_text(text: str) -> str:
    """`text` as literal characters in mkdocs markdown and in HTML.

    Meant for raw HTML blocks (md_in_html off), which Python-Markdown passes
    through untouched. Every ASCII punctuation character becomes a numeric
    character reference, so neither HTML (tags, attributes, entities) nor
    Markdown (links, emphasis, code spans, tables, attr_list, Jinja-like
    braces) can see any syntax. Line breaks and tabs become spaces; other
    control characters (which Python-Markdown uses as placeholders) become
    U+FFFD.
    """
    return text.translate(_LITERAL)


def markdown_with_code(text: str) -> str:
    """XT's `text` for the site: its inline code spans as <code>, all else as `markdown_text`.

    XT's pages are markdown (Docusaurus since 2025), so a text may hold code
    spans (Missing request header `validate-appkey`) and backslash escapes
    (\\{hour}, \\*). They are read by CommonMark's rules for these two alone:
    a backslash before ASCII punctuation stands for that character; a run of
    backticks opens a span that the next run of the same length closes (none:
    the backticks are text); inside a span a backslash is itself, and one
    space is stripped from each end of content that has more than spaces.
    Every other character, emphasis and links included, stays literal text.
    The span's content is escaped like any text, so a span can never hold
    markup: the only tags this returns are <code> and </code>, balanced.
    """
    return "".join(
        f"<code>{markdown_text(part)}</code>" if code else markdown_text(part)
        for part, code in code_spans(text)
    )


def code_spans(text: str) -> list[tuple[str, bool]]:
    """`text` cut into its plain parts and its code spans' contents, in order:
    [(part, is_code)], backslash escapes already read (see markdown_with_code)."""
    parts: list[tuple[str, bool]] = []
    plain: list[str] = []
    at = 0
    while at < len(text):
        char = text[at]
        if char == "\\" and text[at + 1 : at + 2] in _MARKUP_PUNCTUATION:
            plain.append(text[at + 1])
            at += 2
            continue
        if char != "`":
            plain.append(char)
            at += 1
            continue
        run = len(text) - at - len(text[at:].lstrip("`"))
        end = _closing_run(text, at + run, run)
        if end is None:  # never closed: the backticks are text
            plain.append("`" * run)
            at += run
            continue
        if plain:
            parts.append(("".join(plain), False))
            plain = []
        parts.append((_span_content(text[at + run : end]), True))
        at = end + run
    if plain:
        parts.append(("".join(plain), False))
    return parts


def _closing_run(text: str, start: int, length: int) -> int | None:
    """Where the first run of exactly `length` backticks at or after `start` begins."""
    for found in re.finditer(r"`+", text[start:]):
        if len(found.group()) == length:
            return start + found.start()
    return None


def _span_content(content: str) -> str:
    """A code span's text: line breaks as spaces, one space off each end when both have one."""
    content = re.sub(r"\r\n|\r|\n", " ", content)
    if content[0] == content[-1] == " " and content.strip(" "):
        return content[1:-1]
    return content


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar for `text` (JSON strings are YAML), ASCII-only."""
    return json.dumps(text, ensure_ascii=True)
