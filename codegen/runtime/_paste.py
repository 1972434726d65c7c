"""Reading what people paste into `xt-errors`: a code with its text, a traceback's
last line, a class path, an enum member, a JSON body or a WebSocket frame.

    ORDER_002: insufficient funds
    xt_errors.StaleRequestError: AUTH_105: outdated message. See https://...
    <class 'xt_errors.StaleRequestError'>      StaleRequestError('AUTH_105: ...')
    MessageCode.AUTH_105                       <WebSocketCode.FAILURE: 1>
    {"rc": 1, "mc": "AUTH_105", "ma": [], "result": null}
    {"id": "1", "code": 400, "msg": "bad"}

A body is read as `check()` reads it with HTTP status 200 (a body comes without
its status, and XT sends most with 200); a frame as `check_frame()` reads it.
Where one value names several codes (400), what the paste says narrows them:
the class of a traceback, "HTTP" before the code, XT's text after it.

Loaded only when a query is neither a code nor a class.
"""

from __future__ import annotations

import re

from xt_errors import _codes
from xt_errors._base import XTError
from xt_errors._codes import TABLES, Code
from xt_errors._search import class_named, codes_named, family_of

# The keys that make a JSON object a response body; without them, "code"
# and the like make it a WebSocket frame.
_BODY_KEYS = ("rc", "mc", "ma", "returnCode", "error", "msgInfo", "result")
_FRAME_KEYS = ("code", "msg", "id", "topic", "event", "method", "data")

# What people paste around a class or a code: <class 'X'>, X('text'), <Enum.MEMBER: value>.
_WRAPPED = (
    (re.compile(r"<class '([\w.]+)'>"), r"\1"),
    (re.compile(r"([\w.]+)\((['\"])(.*)\2\)", re.DOTALL), r"\1: \3"),
    (re.compile(r"<(\w+\.\w+): .*>", re.DOTALL), r"\1"),
)
_HEAD = re.compile(r"\s*[:：]\s*|\s+")  # between a code (or a class) and what follows
_COLON = re.compile(r"\s*[:：]\s*")


class Pasted:
    """What a pasted text was read as (`form`: "code", "traceback", "class",
    "enum", "body" or "frame") and what it names: the documented codes
    (`members`), else a class (`cls`), else a code the catalog does not list
    (`code`). For a body or a frame, `error` is what the check raises for it,
    None when it reports no error."""

    __slots__ = ("cls", "code", "error", "form", "members")

    def __init__(
        self,
        form: str,
        *,
        members: list[Code] | None = None,
        cls: type[XTError] | None = None,
        code: str | None = None,
        error: XTError | None = None,
    ) -> None:
        self.form = form
        self.members = members or []
        self.cls = cls
        self.code = code
        self.error = error


def read_pasted(text: str) -> Pasted | None:
    """What `text` names, read as one of the forms above; None when it is none of
    them, or a bare word (a code or a class alone is not a paste to read)."""
    stripped = text.strip()
    if stripped.startswith("{"):
        return _json(stripped)
    lines = stripped.splitlines()
    line = lines[-1].strip() if lines else ""  # a whole traceback: its last line
    if "@" in line and not any(char.isspace() for char in line):
        return _text_frame(line)
    for pattern, replacement in _WRAPPED:
        if pattern.fullmatch(line):
            line = pattern.sub(replacement, line)
    head, rest = _split(line)
    if "." in head:
        found = _path(head, rest)
        if found is not None:
            return found
    cls = class_named(head)
    if cls is not None:
        return _traceback(cls, rest) if rest else None
    return _code(line, "code")


def _split(line: str) -> tuple[str, str]:
    """`line` as its first word (a class, a code) and the rest, after a colon or a space."""
    parts = _HEAD.split(line, maxsplit=1)
    return parts[0], parts[1] if len(parts) > 1 else ""


def _path(path: str, rest: str) -> Pasted | None:
    """A dotted name: an enum member (MessageCode.AUTH_105) or a class path
    (xt_errors.StaleRequestError, as a traceback's last line begins)."""
    table_name, _, name = path.rpartition(".")
    table = next(
        (t for t in TABLES if t.__name__ == table_name.rpartition(".")[2]), None
    )
    member = table.__members__.get(name) if table is not None else None
    if member is not None:
        return Pasted("enum", members=[member])
    cls = class_named(name)
    if cls is None:
        return None
    return _traceback(cls, rest) if rest else Pasted("class", cls=cls)


def _traceback(cls: type[XTError], rest: str) -> Pasted:
    """A traceback's last line: the class, then what `str(error)` says."""
    read = _code(rest, "traceback", cls)
    if read is None or not read.members:
        return Pasted("traceback", cls=cls, code=read.code if read else None)
    return read


def _code(line: str, form: str, cls: type[XTError] | None = None) -> Pasted | None:
    """A code and what follows it: its text ("ORDER_002: insufficient funds"),
    "HTTP 429: ..." for a status. The codes it names, narrowed by what the
    paste says, where that leaves any: "HTTP", the class raised, XT's text."""
    http = line.startswith("HTTP ")
    line = line.removeprefix("HTTP ").strip()
    # A code may hold a space (Invalid Parameter): up to a colon first, then a word.
    colon = _COLON.split(line, maxsplit=1)
    heads = [(colon[0], colon[1] if colon[1:] else ""), _split(line)]
    head, said = next(((h, s) for h, s in heads if codes_named(h)), heads[-1])
    members = codes_named(head)
    if not members:
        if form == "code" and not said:  # one word: the query itself, not a paste
            return None
        return Pasted(form, cls=cls, code=head) if family_of(head) else None
    # Each thing the paste says narrows the codes, unless none would be left.
    if http:
        members = [m for m in members if type(m) in _codes.HTTP_STATUS_ENUMS] or members
    if cls is not None:
        raised = [m for m in members if m.exception and issubclass(m.exception, cls)]
        members = raised or members
    members = [m for m in members if _says(m, said)] or members
    return Pasted(form, members=members, cls=cls)


def _says(member: Code, said: str) -> bool:
    """Whether `said` starts as XT's text for `member` does, in either language,
    up to its first placeholder (XT fills {0} from the body)."""
    said = said.casefold()
    for text in (member.description, member.description_zh):
        start = (text or "").split("{")[0].strip().casefold()
        if start and said.startswith(start):
            return True
    return False


def _json(text: str) -> Pasted:
    """A JSON object: a response body, or a WebSocket frame when it has a frame's keys only."""
    import json

    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None  # not JSON: check() says so, as for any body
    body = isinstance(data, dict) and any(key in data for key in _BODY_KEYS)
    if isinstance(data, dict) and not body and any(key in data for key in _FRAME_KEYS):
        return _frame(text)
    from xt_errors._check import error_for

    return _raised("body", error_for(200, text))


def _frame(text: str) -> Pasted:
    """What check_frame() raises for a frame; no error for a push, an ack or a pong."""
    from xt_errors._frames import check_frame

    try:
        check_frame(text)
    except XTError as error:
        return _raised("frame", error)
    return Pasted("frame")


def _text_frame(line: str) -> Pasted | None:
    """A text frame XT documents ({topic}@invalid_listenkey); None for other text."""
    from xt_errors._base import MalformedResponseError

    read = _frame(line)
    return None if isinstance(read.error, MalformedResponseError) else read


def _raised(form: str, error: XTError | None) -> Pasted:
    if error is None:
        return Pasted(form)
    code = error.code
    return Pasted(
        form, members=[code] if code is not None else [], cls=type(error), error=error
    )
