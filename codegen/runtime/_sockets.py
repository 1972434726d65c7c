"""A socket's frames: `checked_frames`, each frame of an open WebSocket checked by
`check_frame`, and how a connection that ends badly reads (WebSocketClosedError,
MalformedResponseError), alike over `websockets` and aiohttp.
"""

from xt_errors._base import Given, MalformedResponseError, XTError, from_response
from xt_errors._frames import WebSocketClosedError, check_frame

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import AsyncIterator
    from typing import Any


_NORMAL_CLOSES = (1000, 1001)  # done, or going away: the stream ended as it should
# Close codes a client sends when the server's frame cannot be read: a
# protocol error, data that is not UTF-8, a message over the client's limit.
_UNREADABLE = (1002, 1007, 1009)
_NO_CLOSE_FRAME = 1006


async def checked_frames(socket: "Any") -> "AsyncIterator[Any]":
    """Each frame of an open WebSocket, checked by `check_frame`: error frames raise.

        async for frame in xt_errors.checked_frames(websocket):  # websockets, aiohttp
            handle(json.loads(frame))

    Takes a `websockets` connection (frames are str or bytes) or an aiohttp
    ClientWebSocketResponse (frames are WSMessage: its text and binary ones are
    checked, control frames skipped). Both give the same answers for the same
    server:

    - a normal close (1000, 1001) ends the iteration;
    - a frame the server sent that cannot be read (not UTF-8, over the
      client's size limit, a protocol error) raises MalformedResponseError;
    - a connection that drops, or that the server closes with an error code,
      raises WebSocketClosedError.

    The socket library's exception, where it raised one, is the `__cause__`.
    """
    messages = aiter(socket)
    while True:
        try:
            message = await anext(messages)
        except StopAsyncIteration:
            break
        except Exception as error:
            if _closed_normally(error):
                return
            ours = _failure(error)
            if ours is None:
                raise  # not the server's doing: a timeout of the caller's, ...
            raise ours from error
        kind = getattr(message, "type", None)
        if kind is None:  # websockets: the frame itself
            yield check_frame(message)
            continue
        name = getattr(kind, "name", str(kind))
        if name in ("TEXT", "BINARY"):
            yield check_frame(message.data)
        elif name == "ERROR":  # aiohttp: what went wrong is the message's data
            failed = message.data
            code = getattr(failed, "code", None)
            if code in _UNREADABLE:
                raise _unreadable(code, str(failed)) from failed
            raise _closed(_NO_CLOSE_FRAME, str(failed)) from failed
        elif name in ("CLOSE", "CLOSING", "CLOSED"):
            break
    # aiohttp ends its iteration however the connection closed: its code says how.
    code = getattr(socket, "close_code", None)
    if isinstance(code, int) and not isinstance(code, bool):
        code = int(code)
        if code in _UNREADABLE:
            raise _unreadable(code, "")
        if code not in _NORMAL_CLOSES:
            raise _closed(code, "")


def _websockets_closed(error: Exception) -> "set[str] | None":
    """The class names of a `websockets` ConnectionClosed exception; None for any other."""
    names = {cls.__name__ for cls in type(error).__mro__}
    if "ConnectionClosed" in names and type(error).__module__.startswith("websockets"):
        return names
    return None


def _closed_normally(error: Exception) -> bool:
    names = _websockets_closed(error)
    return names is not None and "ConnectionClosedOK" in names


def _failure(error: Exception) -> XTError | None:
    """Ours for an exception a socket library raised while reading; None for one
    that says nothing about the server (the caller's timeout, a cancel, a bug)."""
    if _websockets_closed(error) is None:
        return None
    received = getattr(error, "rcvd", None)
    sent = getattr(error, "sent", None)
    if received is None and sent is not None and sent.code in _UNREADABLE:
        return _unreadable(sent.code, sent.reason)  # we failed it: the frame was bad
    if received is not None:
        return _closed(received.code, received.reason)
    if sent is not None:
        return _closed(sent.code, sent.reason)
    return _closed(_NO_CLOSE_FRAME, "")


_CLOSE_MEANINGS = {
    1002: ("a protocol error", "协议错误"),
    1006: ("no close frame: the connection dropped", "没有关闭帧：连接中断"),
    1007: ("a text frame that is not UTF-8", "文本帧不是 UTF-8"),
    1009: ("a message over the client's size limit", "消息超出客户端的大小限制"),
    1011: ("the server's internal error", "服务器内部错误"),
    1012: ("the server restarts", "服务器重启"),
    1013: ("try again later", "请稍后重试"),
}


def _how(code: int, reason: str) -> "tuple[str, str]":
    """How it closed, in English and Chinese: the code, its meaning, the server's reason."""
    from xt_errors._decode import short_text

    english, chinese = _CLOSE_MEANINGS.get(code, ("", ""))
    said = " ".join(short_text(reason).split()) if reason else ""
    english = ", ".join(filter(None, (english, said)))
    chinese = "，".join(filter(None, (chinese, said)))
    return (
        f"close code {code}" + (f": {english}" if english else ""),
        f"关闭码 {code}" + (f"：{chinese}" if chinese else ""),
    )


def _unreadable(code: int, reason: str) -> XTError:
    english, chinese = _how(code, reason)
    words = {
        "en": f"the server sent a frame that could not be read ({english})",
        "zh": f"服务器发来的帧无法读取（{chinese}）",
    }
    return from_response(MalformedResponseError, None, given=Given(message=words))


def _closed(code: int, reason: str) -> XTError:
    english, chinese = _how(code, reason)
    words = {
        "en": f"the connection closed abnormally ({english})",
        "zh": f"连接异常关闭（{chinese}）",
    }
    error = from_response(WebSocketClosedError, None, given=Given(message=words))
    assert isinstance(error, WebSocketClosedError)
    error.close_code = code
    error.close_reason = reason
    return error
