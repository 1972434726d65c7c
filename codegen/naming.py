"""Small pure functions that turn codes and keys into names, anchors and families.

Templates never build a name themselves; they get them from here, so the
rules are in one place and tested on their own.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from enum import IntEnum, StrEnum
from urllib.parse import urljoin

# Attributes every generated enum member has; a code of the same name would hide them.
MEMBER_ATTRIBUTES = frozenset(
    {
        "description",
        "family",
        "kind",
        "retryable",
        "hint",
        "docs_url",
        "exception",
        "table",
    }
)
_RESERVED = MEMBER_ATTRIBUTES | set(dir(StrEnum)) | set(dir(IntEnum)) | {"mro"}

# XT's longest code has 30 characters; a far longer one is a broken table, and
# numbers past 4,300 digits cannot even be printed.
MAX_CODE_LENGTH = 100

_INTEGER = re.compile(r"0|-?[1-9][0-9]*")
_FAMILY_SPLIT = re.compile(r"^(.+?)[_\-. ]+([^_\-. ]*[0-9][^_\-. ]*)$")


def code_problem(code: str) -> str | None:
    """Why `code` cannot be a code of the catalog, or None when it can."""
    if len(code) > MAX_CODE_LENGTH:
        return f"a code of {len(code):,} characters (at most {MAX_CODE_LENGTH})"
    if is_integer_code(code) and not -(2**63) <= int(code) < 2**63:
        return "an integer code must fit in 64 bits"
    return None


def is_integer_code(code: str) -> bool:
    """True for codes written as plain integers ('200', '0'), not '007' or '+1'."""
    return _INTEGER.fullmatch(code) is not None


def family_of(code: str) -> str | None:
    """The code's prefix without its trailing number: LEVER_ORDER_006 -> LEVER_ORDER.

    Codes without a numbered suffix (SUCCESS, invalid_params, 429) have none.
    """
    match = _FAMILY_SPLIT.match(code)
    return match.group(1) if match else None


def member_name(code: str) -> str:
    """A Python identifier for an enum member, as close to the code as possible.

    ASCII punctuation and spaces become '_' (so AUTH-001 and AUTH_001 collide
    on purpose: the spec stage reports it). A leading digit gets 'CODE_', and
    keywords or names that would hide an enum attribute get a trailing '_'.
    """
    chars = []
    for char in code:
        if char.isascii():
            chars.append(char if char.isalnum() or char == "_" else "_")
        elif f"a{char}".isidentifier() and unicodedata.normalize("NFKC", char) == char:
            chars.append(char)
        else:
            chars.append("_")
    name = "".join(chars)
    if not name[:1].isalpha():
        name = f"CODE_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in _RESERVED:
        name += "_"
    return name


def pascal_case(text: str) -> str:
    """'LEVER_ORDER' -> 'LeverOrder', 'invalid_triggerProfitPrice' -> 'InvalidTriggerProfitPrice'."""
    parts = [part for part in re.split(r"[^0-9A-Za-z]+", text) if part]
    words = [
        part.capitalize() if part.isupper() else part[0].upper() + part[1:]
        for part in parts
    ]
    return "".join(words)


def class_name(text: str, suffix: str = "") -> str:
    """A class name from free text, e.g. class_name('AUTH', 'Error') == 'AuthError'."""
    name = pascal_case(text)
    if suffix and name.endswith(suffix):
        name = name[: -len(suffix)]
    name = f"{name}{suffix}"
    if not name[:1].isalpha():
        name = f"Code{name}"
    return name


def is_identifier(name: str) -> bool:
    """A name the generated code can bind: a non-keyword identifier that Python
    reads as itself (Python folds `ﬁle` to `file` by NFKC, so such a name would
    be defined under another spelling than the one looked up)."""
    return (
        name.isidentifier()
        and not keyword.iskeyword(name)
        and not name.startswith("__")
        and unicodedata.normalize("NFKC", name) == name
    )


def anchor(code: str) -> str:
    """The code's stable link on the reference site: '#auth_105' for AUTH_105.

    Lower case; anything but letters, digits, '_' and '-' becomes '-', so the
    anchor is a valid HTML id and needs no escaping in a URL.
    """
    lowered = code.lower()
    return "".join(
        c if (c.isascii() and (c.isalnum() or c in "_-")) else "-" for c in lowered
    )


def language_root(site_url: str, language: str) -> str:
    """A language's site root: `site_url` names the English one, the others are its siblings.

    'https://h/x/en/' -> 'https://h/x/zh/' for 'zh'. A Chinese entry's URL is
    this root plus the same page path and anchor as the English one.
    """
    if language == "en":
        return site_url
    return urljoin(site_url, f"../{language}/")


def page(enum: str, family: str | None, by_family: bool) -> str:
    """The site page (a directory URL) holding a code's entry.

    One page per table, named after its enum (message-code/), and for
    tables split by family one page per family (message-code/auth/).
    """
    table = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", enum).lower()
    if not by_family:
        return f"{table}/"
    page = slug(family or "general")
    if page == "index":  # the table's overview page is index.md
        page = "index-family"
    return f"{table}/{page}/"


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-', for file and page names."""
    kept = "".join(c if c.isascii() and c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in kept.split("-") if part) or "codes"
