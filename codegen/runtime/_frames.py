"""XT's WebSocket frames: `check_frame`, the twin of `check` (`checked_frames`, in
xt_errors._sockets, checks each frame of a socket with it).

XT's streams answer a subscribe with {"id": "...", "code": 0, "msg": ""}
(0 success, 1 failure, 2 invalid listen key; {"code": 401, "msg": "token
expire"} on some streams), push data as {"topic": ..., "event": ...,
"data": ...}, answer the `ping` heartbeat with `pong`, and report some errors
as plain text, such as `balance@invalid_listen_key`. The rules, in order:

1. `pong` and `ping` come back unchanged.
2. A JSON object without a `code`, or whose `code` is 0, comes back
   unchanged: a data push or a success ack. A code is read the same
   whatever its JSON type: 2, "2" and 2.0 are code 2, "0" is a success.
3. Any other `code` raises that code's class; a code the catalog does not
   list raises UnknownWebSocketCodeError, and a `code` that cannot be one
   (a list, true, 1.5, a number of 5,000 digits) MalformedResponseError.
   Its `msg` can say more: a `msg` about the listen key (`invalid_listen_key`,
   `token expire`, ...) makes any code a ListenKeyError, as ccxt pro reads
   it; a generic failure (code 1) yields to a text XT documents.
4. A text frame XT documents raises its class: a documented `{topic}` matches
   any topic (and the placeholder itself), and case and underscores do not
   matter, so `balance@invalid_listen_key` is `{topic}@invalid_listenkey`.
5. Anything else (not JSON, not an object, not UTF-8) is a
   MalformedResponseError that keeps the frame.

The same contract as `check`: only XTError subclasses for whatever the server
sent, a TypeError for a frame of a type no socket gives. A frame that comes
back comes back as the very object given, a mapping that is not a dict too.
"""

import json
import re

from xt_errors import _codes
from xt_errors._base import (
    BODY,
    DATA,
    Given,
    MalformedResponseError,
    UnknownCodeError,
    XTError,
    from_response,
)
from xt_errors._codes import Code

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, ClassVar


class WebSocketError(XTError):
    """An error of one of XT's WebSocket streams: an error frame (see
    xt_errors.check_frame), or a connection that closed abnormally
    (WebSocketClosedError, see xt_errors.checked_frames).

    `body` is the frame as received, `request_id` the `id` of the request it
    answers and `topic` the stream's topic, where the frame tells them.
    """

    _logged: "ClassVar[tuple[str, ...]]" = (*XTError._logged, "request_id", "topic")

    @property
    def request_id(self) -> "str | int | None":
        """The `id` of the subscribe request the frame answers, as XT sent it."""
        data = self.args[DATA]
        found = data.get("id") if isinstance(data, dict) else None
        return found if type(found) in (str, int) else None

    @property
    def topic(self) -> str | None:
        """The topic the error is about: `balance` of `balance@invalid_listen_key`."""
        data, body = self.args[DATA], self.args[BODY]
        if isinstance(data, dict):
            found = data.get("topic")
            return found if type(found) is str else None
        if isinstance(body, (bytes, bytearray)):
            body = bytes(body).decode("utf-8", "replace")
        if type(body) is str and "@" in body:
            topic = body.split("@", 1)[0].strip()
            placeholder = topic[:1] == "{" and topic[-1:] == "}"  # XT's {topic} itself
            return topic if topic and not placeholder else None
        return None


class UnknownWebSocketCodeError(UnknownCodeError, WebSocketError):
    """A WebSocket frame's code this catalog does not list; `mc` keeps it as XT sent it."""


class WebSocketClosedError(WebSocketError):
    """The stream's connection ended without a normal close: it dropped (no
    close frame, code 1006), or the server closed it with an error code
    (1011 internal error, 1012 restart, ...). Nothing more will arrive on it:
    connect again, then subscribe again (`retryable`; RetryPolicy advises
    "retry"). `close_code` and `close_reason` say how it closed; the socket
    library's own exception, where it raised one, is the `__cause__`.

    A normal close (1000, 1001) just ends `checked_frames`; a frame that
    could not be read (not UTF-8, too big, a protocol error) is a
    MalformedResponseError instead.
    """

    close_code: int | None = None
    close_reason: str = ""
    default_retryable = True
    default_hint: "ClassVar[str | None]" = (
        "The stream's connection was lost: connect again, subscribe again (with a "
        "fresh listen key for a user stream), and fetch over REST what may have "
        "been missed meanwhile"
    )
    default_hint_zh: "ClassVar[str | None]" = (
        "数据流的连接已断开：请重新连接并重新订阅（用户数据流需使用新的 listenKey），"
        "并通过 REST 补取断开期间可能错过的数据"
    )
    _logged: "ClassVar[tuple[str, ...]]" = (
        *WebSocketError._logged,
        "close_code",
        "close_reason",
    )


def _by_value(enums: "tuple[type[Code], ...]") -> "dict[str, Code]":
    return {
        str(value): member  # type: ignore[misc]
        for enum in enums
        for value, member in enum._value2member_map_.items()
    }


_CODES = _by_value(_codes.WEBSOCKET_CODE_ENUMS)
_TEXTS = _by_value(_codes.WEBSOCKET_TEXT_ENUMS)


def _squashed(text: str) -> str:
    return text.strip().casefold().replace("_", "")


# A documented text, as a pattern: {placeholder} is any word (the placeholder
# itself included); case and underscores are not compared (XT documents
# {topic}@invalid_listenkey and sends balance@invalid_listen_key).
_TEXT_PATTERNS = [
    (
        re.compile(
            r"[^\s@]+".join(map(re.escape, re.split(r"\{\w+\}", _squashed(value))))
        ),
        member,
    )
    for value, member in _TEXTS.items()
]
_SUCCESS = "0"
# An integer code, however written: 2, "2", "+2", "2.0"; the digits go to int().
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}(?:\.0*)?")


def check_frame(frame: "str | bytes | bytearray | Mapping[str, Any]") -> "Any":
    """Return `frame` unchanged when it is a success ack, a data push or the
    `pong` heartbeat; raise its exception when it reports an error.

    `frame` is a text or binary frame as a socket gives it, or its JSON
    already parsed. See the rules in this module's docstring.
    """
    if type(frame) is str:
        if frame[:1] == "{":  # the common case: a push or an ack
            try:
                data = json.loads(frame)
            except (ValueError, RecursionError):
                data = None
            if type(data) is dict:
                code = data.get("code")
                if code is None or (code == 0 and type(code) is int):
                    return frame
                return _checked(frame, data)
        return _text_frame(frame, frame)
    if type(frame) is dict:
        code = frame.get("code")
        if code is None or (code == 0 and type(code) is int):
            return frame
        return _checked(frame, frame)
    if isinstance(frame, (bytes, bytearray, memoryview)):
        try:
            text = bytes(frame).decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed("the frame is not UTF-8", frame) from None
        return _text_frame(frame, text)
    from collections.abc import Mapping

    if isinstance(frame, Mapping):  # parsed by a caller into another mapping
        return _checked(frame, dict(frame))
    if isinstance(frame, (list, tuple, int, float)) or frame is None:
        raise _malformed("the frame is JSON, but not an object", frame)
    raise TypeError(
        f"check_frame() takes a frame as str or bytes, or its parsed JSON object, "
        f"not {type(frame).__name__}"
    )


def _text_frame(frame: object, text: str) -> object:
    stripped = text.strip()
    if stripped in ("pong", "ping"):
        return frame
    complaint = "the frame is neither JSON nor a text XT documents"
    if stripped[:1] in ("{", "["):
        try:
            data = json.loads(stripped)
        except (ValueError, RecursionError) as error:  # not JSON, or too deep
            data = _NOT_JSON
            complaint = "the frame is not valid JSON"
            if "digits" in str(error):  # CPython's int() refuses over 4,300
                complaint = "the frame holds a number too long to be a code or anything XT sends"
        if type(data) is dict:
            return _checked(frame, data)
        if data is not _NOT_JSON:
            raise _malformed("the frame is JSON, but not an object", frame)
    member = _documented_text(stripped)  # {topic}@invalid_listenkey is both
    if member is not None:
        raise _member_error(member, frame, None)
    raise _malformed(complaint, frame)


_NOT_JSON = object()


def _documented_text(text: str) -> Code | None:
    squashed = _squashed(text)
    for pattern, member in _TEXT_PATTERNS:
        if pattern.fullmatch(squashed):
            return member
    return None


# A code met before -> its class, and whether it is a generic failure whose
# msg may name the real one: without it, each error frame would look its code
# up in the catalog twice (three times slower than ccxt's handler, benchmark row 3).
_known: "dict[Code, tuple[type[XTError], bool]]" = {}


def _class_of(member: Code) -> "tuple[type[XTError], bool] | None":
    found = _known.get(member)
    if found is None:
        cls = member.exception
        if cls is None:  # a success: never raised
            return None
        found = _known[member] = (cls, member.kind == "failure")
    return found


def _member_error(
    member: Code, frame: object, data: "dict[str, Any] | None"
) -> XTError:
    found = _class_of(member)
    assert found is not None  # text frames and error codes are never a success
    return from_response(found[0], None, mc=member, body=frame, data=data)


def _checked(frame: object, data: "dict[str, Any]") -> object:
    """A JSON frame: `frame` itself for a push or a success, else its exception raised."""
    code = data.get("code")
    if type(code) is int and -(10**18) < code < 10**18:  # the common case, inlined
        key: str | None = str(code)
    elif code is None:
        return frame
    else:
        key = _code_key(code)
    if key == _SUCCESS:
        return frame
    if key is None:
        from xt_errors._decode import short_text

        if type(code) in (int, float):
            what = short_text(code)
        else:
            name = type(code).__name__
            what = f"an {name}" if name[0] in "aeiou" else f"a {name}"
        raise _malformed(f"'code' is {what}, not a code", frame, data)
    raise _error(frame, data, key)


def _code_key(code: object) -> str | None:
    """A frame's code as the tables key it, whatever its JSON type (2, "2",
    2.0 and " 2 " are "2"); None for what cannot be a code (true, a list,
    1.5, a number of more than 18 digits, which str() may not even print)."""
    if type(code) is int:
        return str(code) if -(10**18) < code < 10**18 else None
    if type(code) is float:
        return str(int(code)) if code.is_integer() and abs(code) < 1e18 else None
    if type(code) is not str or not code.strip():
        return None
    text = code.strip()
    if _INTEGER.fullmatch(text):
        return str(int(text.partition(".")[0]))
    return text


def _error(frame: object, data: "dict[str, Any]", key: str) -> XTError:
    """The exception of a JSON frame whose code `key` is not success."""
    said = data.get("msg")
    if type(said) is str:
        about_key = _listen_key_code(said)
        if about_key is not None:  # whatever the code: renew the key
            return _member_error(about_key, frame, data)
    member = _CODES.get(key) or _TEXTS.get(key)
    found = _class_of(member) if member is not None else None
    if member is None or found is None:
        shown = key if len(key) <= 100 else key[:100] + "…"
        message = f"code {shown} is not in this catalog; a newer xt-errors may know it"
        given = Given(message=message)
        return from_response(
            UnknownWebSocketCodeError, None, mc=key, body=frame, data=data, given=given
        )
    cls, generic = found
    if generic and type(said) is str:
        # A generic failure names the real one in its msg when XT documents it.
        text_member = _documented_text(said)
        if text_member is not None:
            return _member_error(text_member, frame, data)
    return from_response(cls, None, mc=member, body=frame, data=data)


# The frame codes that mean the listen key, by their squashed text
# ("listenkeyinvalid", "tokenexpire"): what a `msg` about the key maps to.
# Read from the catalog when the first error frame comes.
_listen_key_codes: "dict[str, Code]" = {}


def _listen_key_code(said: str) -> Code | None:
    """The listen-key code a frame's `msg` names: "token expire", "listenKey
    invalid", "invalid_listen_key", "balance@invalid_listen_key", ...; None
    for a msg about anything else."""
    folded = said.casefold()
    if "listen" not in folded and "token" not in folded:
        return None  # the common case, answered before any other work
    if not _listen_key_codes:
        codes = {
            _squashed(member.description).replace(" ", ""): member
            for member in _CODES.values()
            if member.kind == "listen_key"
        }
        _listen_key_codes.update(codes)  # at once: another thread sees all or none
    squashed = _squashed(said).replace(" ", "")
    found = _listen_key_codes.get(squashed)
    if found is not None:
        return found
    text_member = _documented_text(said)
    if text_member is not None and text_member.kind == "listen_key":
        return text_member
    expired = "expire" in squashed
    about_key = "listenkey" in squashed and ("invalid" in squashed or expired)
    if not about_key and "tokenexpire" not in squashed:
        return None
    # Another wording: the code whose text says the same (invalid, or expired).
    wanted = "expire" if expired else "invalid"
    for text, member in _listen_key_codes.items():
        if wanted in text:
            return member
    return next(iter(_listen_key_codes.values()), None)


def _malformed(
    message: str, frame: object, data: "dict[str, Any] | None" = None
) -> XTError:
    given = Given(message=message)
    return from_response(
        MalformedResponseError, None, body=frame, data=data, given=given
    )
