"""XT's WebSocket frames: `check_frame`, the twin of `check`, and `checked_frames` for a socket.

XT's streams answer a subscribe with {"id": "...", "code": 0, "msg": ""}
(0 success, 1 failure, 2 invalid listen key; {"code": 401, "msg": "token
expire"} on some streams), push data as {"topic": ..., "event": ...,
"data": ...}, answer the `ping` heartbeat with `pong`, and report some errors
as plain text, such as `balance@invalid_listen_key`. The rules, in order:

1. `pong` and `ping` come back unchanged.
2. A JSON object without a `code`, or with `code` 0, comes back unchanged:
   a data push or a success ack.
3. Any other `code` raises that code's class (a generic failure, code 1,
   yields to the class of its `msg` when XT documents that text); a code
   the catalog does not list raises UnknownWebSocketCodeError.
4. A text frame XT documents raises its class: a documented `{topic}` matches
   any topic, and case and underscores do not matter, so
   `balance@invalid_listen_key` is `{topic}@invalid_listenkey`.
5. Anything else (not JSON, not an object, not UTF-8) is a
   MalformedResponseError that keeps the frame.

The same contract as `check`: only XTError subclasses for whatever the server
sent, a TypeError for a frame of a type no socket gives.
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
    from collections.abc import AsyncIterator, Mapping
    from typing import Any


class WebSocketError(XTError):
    """An error frame of one of XT's WebSocket streams; see xt_errors.check_frame.

    `body` is the frame as received, `request_id` the `id` of the request it
    answers and `topic` the stream's topic, where the frame tells them.
    """

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
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        if type(body) is str and "@" in body:
            return body.split("@", 1)[0].strip() or None
        return None


class UnknownWebSocketCodeError(UnknownCodeError, WebSocketError):
    """A WebSocket frame's code this catalog does not list; `mc` keeps it as XT sent it."""


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


# A documented text, as a pattern: {placeholder} is any word; case and
# underscores are not compared (XT documents {topic}@invalid_listenkey and
# sends balance@invalid_listen_key).
_TEXT_PATTERNS = [
    (
        re.compile(
            r"[^\s@{}]+".join(map(re.escape, re.split(r"\{\w+\}", _squashed(value))))
        ),
        member,
    )
    for value, member in _TEXTS.items()
]


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
                raise _error(frame, data)
        text = frame
    elif type(frame) is dict:
        code = frame.get("code")
        if code is None or (code == 0 and type(code) is int):
            return frame
        raise _error(frame, frame)
    else:
        decoded = _text(frame)
        if decoded is None:  # a mapping that is not a dict
            return check_frame(dict(frame))  # type: ignore[arg-type]
        text = decoded
    return _text_frame(frame, text)


def _text(frame: object) -> str | None:
    """The text of a binary frame; None for a parsed frame that is a mapping."""
    if isinstance(frame, (bytes, bytearray, memoryview)):
        try:
            return bytes(frame).decode("utf-8")
        except UnicodeDecodeError:
            raise _malformed("the frame is not UTF-8", frame) from None
    from collections.abc import Mapping

    if isinstance(frame, Mapping):
        return None
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
    if stripped[:1] in ("{", "["):
        try:
            data = json.loads(stripped)
        except (ValueError, RecursionError):
            raise _malformed("the frame is not valid JSON", frame) from None
        if type(data) is not dict:
            raise _malformed("the frame is JSON, but not an object", frame)
        code = data.get("code")
        if code is None or (code == 0 and type(code) is int):
            return frame
        raise _error(frame, data)
    squashed = _squashed(stripped)
    for pattern, member in _TEXT_PATTERNS:
        if pattern.fullmatch(squashed):
            raise _member_error(member, frame, None)
    raise _malformed("the frame is neither JSON nor a text XT documents", frame)


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


def _error(frame: object, data: "dict[str, Any]") -> XTError:
    """The exception of a JSON frame whose code is not success."""
    code = data.get("code")
    key = str(code) if type(code) in (int, str) else None
    member = _CODES.get(key) if key is not None else None
    if member is None and key is not None:
        member = _TEXTS.get(key)
    found = _class_of(member) if member is not None else None
    if member is None or found is None:
        shown = key if key is not None and len(key) <= 100 else repr(code)[:100]
        message = f"code {shown} is not in this catalog; a newer xt-errors may know it"
        given = Given(message=message)
        return from_response(
            UnknownWebSocketCodeError, None, mc=key, body=frame, data=data, given=given
        )
    cls, generic = found
    said = data.get("msg")
    if generic and type(said) is str:
        # A generic failure names the real one in its msg when XT documents it.
        squashed = _squashed(said)
        for pattern, text_member in _TEXT_PATTERNS:
            if pattern.fullmatch(squashed):
                return _member_error(text_member, frame, data)
    return from_response(cls, None, mc=member, body=frame, data=data)


def _malformed(message: str, frame: object) -> XTError:
    given = Given(message=message)
    return from_response(MalformedResponseError, None, body=frame, given=given)


async def checked_frames(socket: "Any") -> "AsyncIterator[Any]":
    """Each frame of an open WebSocket, checked by `check_frame`: error frames raise.

        async for frame in xt_errors.checked_frames(websocket):  # websockets, aiohttp
            handle(json.loads(frame))

    Takes a `websockets` connection (frames are str or bytes) or an aiohttp
    ClientWebSocketResponse (frames are WSMessage: its text and binary ones are
    checked, control frames skipped, and a close ends the iteration).
    """
    async for message in socket:
        kind = getattr(message, "type", None)
        if kind is None:  # websockets: the frame itself
            yield check_frame(message)
            continue
        name = getattr(kind, "name", str(kind))
        if name in ("TEXT", "BINARY"):
            yield check_frame(message.data)
        elif name in ("CLOSE", "CLOSING", "CLOSED"):
            return
        elif name == "ERROR":
            failed = _malformed("the socket failed", None)
            raise failed from message.data
