"""Turn an XT response into its result, or into the most specific exception.

The contract:

- Whatever the server sent (status value, body, headers, codes) gives only
  XTError subclasses.
- What the calling code got wrong (a status that is not an int, an object
  that is not a response, a body that is no body, an unread or consumed
  stream) gives a TypeError or ValueError saying so, never an XTError.
- `check` turns a body the HTTP client could not read, because the server
  cut it short or mis-encoded it, into MalformedResponseError, chaining the
  client's exception.
- Nothing the server sent, however deep or large, makes `raise_for_response`,
  `str(e)`, `e.message` or pickling raise anything else, whether the body
  comes off the wire or as a dict the caller already parsed.

XT answers with an HTTP status and, usually, a JSON body such as
{"rc": 1, "mc": "AUTH_105", "ma": [], "result": null}, or, on the futures
APIs, {"returnCode": 1, "error": {"code": "invalid_symbol", "msg": ...}}.
The rules, in order:

1. A body that is not a JSON object raises MalformedResponseError when the
   status is a success (2xx); with any other status, rule 3 decides.
2. A documented code other than success raises that code's own class,
   carrying the real HTTP status; an undocumented one raises
   UnknownCodeError, keeping the raw code. A generic failure (a code of kind
   "failure", such as FAILURE) yields to an HTTP status that has its own
   class, or to any 5xx: a 429 is a RateLimitError, a 503 a
   ServiceUnavailableError, a 504 an HttpError with that status. A
   futures `error.code` is looked up in the error codes, then the message codes.
3. Otherwise a non-success HTTP status raises its status's class (HttpError
   for a status the documentation does not list), whatever the body is;
   but a page a web firewall or CDN in front of XT sent instead of XT's API
   (a challenge or "Access Denied" page, not JSON) raises
   FirewallBlockedError, never the text XT documents for the status.
4. Otherwise a failing `rc` raises its class; else the `result` is returned.

`check` and `check_async` also keep the response they were given, for the
error's `request_method` and `url` (read, and redacted, only when asked for).
"""

from xt_errors import _codes
from xt_errors._base import (
    Given,
    HttpError,
    MalformedResponseError,
    XTError,
    from_response,
    unknown_code_message,
)
from xt_errors._codes import Code
from xt_errors._raised import is_generic_failure, raised_for

_new = Exception.__new__  # makes an error without __init__: see XTError

# Quoted annotations, not `from __future__ import annotations`: see __init__.py.
TYPE_CHECKING = False  # typing costs more to import than this whole package
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Protocol

    class Response(Protocol):
        """What `check` needs: a requests, httpx, aiohttp or urllib response."""

        @property
        def headers(self) -> "Any": ...


def _member(enums: tuple[type[Code], ...], key: str) -> Code | None:
    """The member whose value `key` is the text of, in the first of `enums` that
    has one (an integer code matches as its digits), else the member another
    spelling some pages use names. Read off the enums' own maps: tables of
    code text built here made a first error a third dearer (benchmark row 3)."""
    for text in (key, _codes.SPELLINGS.get(key)):
        if text is None:
            continue
        for enum in enums:
            values = enum._value2member_map_
            found = values.get(text)
            if found is None and issubclass(enum, int) and _is_integer_text(text):
                found = values.get(int(text))
            if found is not None:
                member: Code = found  # type: ignore[assignment]
                return member
    return None


def _is_integer_text(text: str) -> bool:
    """Whether `text` is how str() writes an integer (no sign but "-", no zero ahead)."""
    digits = text.removeprefix("-")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 18:
        return False
    return str(int(text)) == text


_FUTURES_ENUMS = _codes.ERROR_CODE_ENUMS + _codes.MESSAGE_CODE_ENUMS
# mc -> None for a success, or the class of an error code met before (classes
# are made on first use, and each class knows its member): the fast path's map.
# Only str codes go in: True == 1 and 1.0 == 1 must not find an int code's class.
# Codes the catalog does not list go in too, up to UNKNOWN_KEPT of them: a bot
# retrying on a code XT added since pays the full rules once (benchmark row 3,
# unknown code), and a server sending ever new codes cannot grow the map.
_known: dict[object, type[XTError] | None] = dict.fromkeys(
    (None, *_codes.SUCCESS_MESSAGE_CODES)
)
UNKNOWN_KEPT = 256
_unknown_kept: set[str] = set()
_OK = 200  # `status is _OK`: ints up to 256 are one object in CPython, 200.0 is not


def check(response: "Response") -> "Any":
    """`raise_for_response` for a requests or httpx response, or urllib's
    HTTPResponse or HTTPError (whose body it reads). For aiohttp, use
    `await check_async(response)`."""
    status, headers = _status_and_headers(response)
    try:
        body = _read(response, headers)
    except _ReadError as failed:
        raise _read_failed(failed, status, headers, response) from failed.error
    return _answered(status, body, headers, response)


async def check_async(response: "Response") -> "Any":
    """`check` for async clients: awaits the body of an aiohttp response, or of an
    httpx response (streamed or not); takes any response `check` takes."""
    status, headers = _status_and_headers(response)
    reader = getattr(response, "aread", None) or getattr(response, "read", None)
    try:
        if reader is None:
            body = _read(response, headers)
        else:
            try:
                body = reader()
                if hasattr(body, "__await__"):
                    body = await body
            except Exception as error:
                raise _ReadError(error) from error
            body = _decoded(_bytes(body, response), response, headers)
    except _ReadError as failed:
        raise _read_failed(failed, status, headers, response) from failed.error
    return _answered(status, body, headers, response)


def raise_for_response(
    status: int, body: "bytes | str | Mapping[str, Any] | None", headers: "Any" = None
) -> "Any":
    """Return the `result` of a successful XT response; otherwise raise its exception.

    `status` is the HTTP status (an int), `body` the body as received (bytes or
    str) or as parsed by `json.loads`, `headers` a mapping or a list of pairs.
    """
    # The two common cases first, with as little work as Python allows: a
    # parsed success, and an error code met before. Anything unusual (a body
    # that is not parsed yet, a missing key, an unhashable or new code, a
    # status that is not an int) falls through to the full rules.
    data: Any = body  # a dict, we hope; if not, the except sorts it out
    try:
        cls = _known[data["mc"]]
        if cls is None and status is _OK and data["rc"] == 0:
            return data["result"]
    except Exception:  # noqa: BLE001 - whatever a hostile body makes indexing or hashing raise
        cls = None
    if cls is not None and type(status) is int:
        # from_response(cls, status, body=data, headers=headers, data=data),
        # inlined: a call more would cost a tenth of this path (benchmark row 3).
        raise _new(cls, status, None, data, headers, data, None, None)
    return _answered(status, body, headers, None)


def _answered(status: int, body: object, headers: "Any", request: object) -> "Any":
    """raise_for_response's rules in full; `request` is what the error keeps of
    the request (the client's response, for `check`), or None."""
    status = _checked_status(status)
    data = _parse(status, body, headers, request)
    if data is None:
        raise _status_error(status, body, None, headers, request)
    error = _resolve(status, body, data, headers, request)
    if error is not None:
        raise error
    return data.get("result")


def error_for(
    status: int,
    body: "bytes | str | Mapping[str, Any] | None",
    headers: "Any" = None,
    request: object = None,
) -> XTError | None:
    """The error `raise_for_response(status, body, headers)` raises, returned
    instead of raised; None for a success. `request` is what the error keeps
    of the request: a (method, url) pair, or the client's response.

    For modules that build on the check (the ccxt bridge) and need the error
    as a value: the same rules and classes, off the hot path.
    """
    status = _checked_status(status)
    try:
        data = _parse(status, body, headers, request)
    except MalformedResponseError as error:  # a 2xx body that is not a JSON object
        return error
    if data is None:
        return _status_error(status, body, None, headers, request)
    return _resolve(status, body, data, headers, request)


def _resolve(
    status: int,
    body: object,
    data: "Mapping[str, Any]",
    headers: "Any",
    request: object,
) -> XTError | None:
    """The exception a response stands for, by the rules above; None for a success."""
    # Long on purpose: the rules in the order they apply, as the module's
    # docstring lists them; split, their order would no longer be read at once.
    mc = data.get("mc")
    rc = data.get("rc")
    codes = _codes.MESSAGE_CODE_ENUMS
    if mc is None and rc is None and "returnCode" in data:
        rc, mc = _futures_envelope(data)
        codes = _FUTURES_ENUMS
    if mc:
        known = (
            _known.get(mc)
            if type(mc) is str and codes is _codes.MESSAGE_CODE_ENUMS
            else None
        )
        if known is not None:  # a code met before (check's common case): no lookups
            return from_response(
                known,
                status,
                mc=known.code,
                body=body,
                headers=headers,
                data=data,
                request=request,
            )
        key = _code_key(mc)
        if key is None:
            complaint = f"'mc' is {_a(mc)}, not a code"
            return _malformed(complaint, status, body, headers, request)
        member = _member(codes, key)
        if member is None:
            error = _unknown(status, body, data, headers, key, rc, request)
            if codes is _codes.MESSAGE_CODE_ENUMS and type(mc) is str:
                _keep_unknown(mc, type(error))
            return error
        cls = _class_of(member)
        if cls is not None:
            failure = is_generic_failure(member)
            if failure and _status_says_more(status):
                # a generic failure: the status (429, 503, any 5xx) says more
                return _status_error(status, body, data, headers, request)
            if codes is _codes.MESSAGE_CODE_ENUMS and type(mc) is str and not failure:
                _known[mc] = cls
            return from_response(
                cls,
                status,
                mc=member,
                body=body,
                headers=headers,
                data=data,
                request=request,
            )
    if not 200 <= status < 300 and (
        _status_member(status) is None or _has_status_class(status)
    ):
        return _status_error(status, body, data, headers, request)
    if rc is None and not mc:
        complaint = "the body has neither 'rc' nor 'mc'"
        return _malformed(complaint, status, body, headers, request)
    if rc is not None and rc != 0:
        key = _code_key(rc)
        if key is None:
            complaint = f"'rc' is {_a(rc)}, not a code"
            return _malformed(complaint, status, body, headers, request)
        member = _member(_codes.RETURN_CODE_ENUMS, key)
        if member is None:
            return _unknown(status, body, data, headers, None, rc, request)
        cls = _class_of(member)
        if cls is not None:
            given = Given(rc if type(rc) is int else None)
            return from_response(
                cls,
                status,
                body=body,
                headers=headers,
                data=data,
                given=given,
                request=request,
            )
    return None


def _checked_status(status: object) -> int:
    if type(status) is int:
        return status
    if isinstance(status, int) and not isinstance(status, bool):
        return int(status)  # e.g. http.HTTPStatus.OK
    raise TypeError(
        f"status must be the HTTP status as an int (response.status_code), "
        f"not {type(status).__name__}"
    )


def _parse(
    status: int, body: object, headers: "Any", request: object
) -> "Mapping[str, Any] | None":
    """The JSON object of a body; None when a non-success status came without one."""
    if type(body) is dict:
        return body
    # Imported here, not at import time: the hot path never needs them.
    import json
    from collections.abc import Mapping

    if isinstance(body, Mapping):
        return body
    if isinstance(body, (bytes, bytearray, memoryview)):
        try:
            text: str | None = bytes(body).decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
    elif isinstance(body, str):
        text = body
    elif body is None:
        text = ""
    elif isinstance(body, (list, tuple, int, float)):
        text = None  # JSON the caller parsed, but not an object
    else:
        raise TypeError(
            f"body must be the body as received (bytes or str) or its parsed JSON, "
            f"not {type(body).__name__}; pass a whole response to check()"
        )
    data = None
    if text is not None and text.lstrip()[:1] in ("{", "[", '"'):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, too deep, a 5000-digit number
            pass
    if isinstance(data, dict):
        return data
    if not 200 <= status < 300:
        return None  # an HTML error page, or nothing: the status says it all
    what = "valid JSON" if data is None and text is not None else "a JSON object"
    raise _malformed(f"the body is not {what}", status, body, headers, request)


def _futures_envelope(data: "Mapping[str, Any]") -> "tuple[Any, Any]":
    """XT's futures APIs answer {"returnCode": 1, "error": {"code": ..., "msg": ...}}."""
    error = data.get("error")
    code = error.get("code") if isinstance(error, dict) else None
    return data.get("returnCode"), code


def _code_key(value: object) -> str | None:
    """A code as the tables key it; None for a value that cannot be a code (a list, 1.5, true)."""
    if type(value) is str:
        return value
    if type(value) is int and -(10**18) < value < 10**18:
        return str(value)
    return None


def _a(value: object) -> str:
    name = type(value).__name__
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _class_of(member: Code | None) -> type[XTError] | None:
    return raised_for(member) if member is not None else None


def _keep_unknown(mc: str, cls: type[XTError]) -> None:
    """Let the fast path raise an unknown message code's class from now on: its
    class depends on the code alone, whatever the status and the rest of the
    body, and UnknownCodeError reads the code and its message from the body."""
    if mc in _unknown_kept or len(_unknown_kept) >= UNKNOWN_KEPT:
        return
    _unknown_kept.add(mc)
    _known[mc] = cls


def _status_says_more(status: int) -> bool:
    """Whether a status says more than a generic failure: one the documentation
    gives a class of its own (429, 503, ...), or any server error (5xx)."""
    return 500 <= status < 600 or _has_status_class(status)


def _has_status_class(status: int) -> bool:
    """Whether the documentation lists this status as an error of its own (429, 503, ...)."""
    return _class_of(_status_member(status)) is not None


def _status_member(status: int) -> Code | None:
    """The catalog's member for an HTTP status; None for a status it does not list."""
    # HTTP statuses have three digits, and str() of a huge int raises.
    if not 0 <= status < 1000:
        return None
    return _member(_codes.HTTP_STATUS_ENUMS, str(status))


def _status_error(
    status: int,
    body: object,
    data: "Mapping[str, Any] | None",
    headers: "Any",
    request: object,
) -> XTError:
    if data is None and body:  # a page, not JSON: XT's gateway's, or a firewall's?
        from xt_errors._firewall import blocked_error  # loaded for such pages only

        blocked = blocked_error(status, body, headers, request)
        if blocked is not None:
            return blocked
    cls = _class_of(_status_member(status))
    rc = data.get("rc", data.get("returnCode")) if data is not None else None
    rc = rc if type(rc) is int else None
    given = Given(rc)
    if cls is None:
        cls = HttpError
        given.message = "an HTTP status not described by XT's documentation"
    return from_response(
        cls, status, body=body, headers=headers, data=data, given=given, request=request
    )


def _malformed(
    message: str, status: int, body: object, headers: "Any", request: object
) -> XTError:
    given = Given(message=message)
    return from_response(
        MalformedResponseError,
        status,
        body=body,
        headers=headers,
        given=given,
        request=request,
    )


def _unknown(
    status: int,
    body: object,
    data: "Mapping[str, Any]",
    headers: "Any",
    mc: str | None,
    rc: "Any",
    request: object,
) -> XTError:
    raw = mc if mc is not None else _code_key(rc) or ""
    family = raw.rpartition("_")[0] if "_" in raw else None
    given = Given(rc if type(rc) is int else None, unknown_code_message(raw))
    from xt_errors._lookup import unknown_code_class  # new codes only: loaded then

    cls = unknown_code_class(family, raw)
    return from_response(
        cls,
        status,
        mc=mc,
        body=body,
        headers=headers,
        data=data,
        given=given,
        request=request,
    )


# -- reading a response object of any client -----------------------------------


class _ReadError(Exception):
    """The HTTP client failed while giving us the body; `error` is its exception."""

    def __init__(self, error: Exception, body: bytes | None = None) -> None:
        super().__init__(error)
        self.error = error
        self.body = body  # what was received, when there was something


def _status_and_headers(response: object) -> "tuple[int, Any]":
    # requests and httpx say status_code; aiohttp and urllib say status
    status = getattr(response, "status_code", None)
    if status is None:
        status = getattr(response, "status", None)
    if status is None or not hasattr(response, "headers"):
        raise TypeError(
            f"check() takes a requests, httpx, aiohttp or urllib response, not "
            f"{type(response).__name__}; for anything else, call "
            f"raise_for_response(status, body, headers)"
        )
    return _checked_status(status), response.headers


def _read(response: object, headers: "Any") -> bytes | str:
    """The body of a sync client's response: requests' and httpx's `content`, urllib's `read()`."""
    try:
        if hasattr(response, "status_code"):
            body = response.content  # type: ignore[attr-defined]
        else:
            body = response.read()  # type: ignore[attr-defined]
    except AttributeError:
        raise TypeError(
            f"check() cannot read the body of a {type(response).__name__}; "
            f"call raise_for_response(status, body, headers)"
        ) from None
    except Exception as error:
        raise _ReadError(error) from error
    return _decoded(_bytes(body, response), response, headers)


def _bytes(body: object, response: object) -> bytes | str:
    if isinstance(body, (bytes, bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body
    close = getattr(body, "close", None)
    if close is not None and hasattr(body, "__await__"):
        close()  # a coroutine never awaited would warn
        raise TypeError(
            f"a {type(response).__name__} is read asynchronously: "
            f"use `await xt_errors.check_async(response)`"
        )
    raise TypeError(f"the body of a {type(response).__name__} is not bytes")


_URLLIB_MODULES = ("http.client", "urllib.error", "urllib.response")


def _decoded(body: bytes | str, response: object, headers: "Any") -> bytes | str:
    """urllib leaves a gzip or deflate body as it came; the other clients decode it."""
    urllib = type(response).__module__ in _URLLIB_MODULES
    if not urllib or not isinstance(body, bytes) or not body:
        return body
    from xt_errors._decode import header  # urllib's bodies only: loaded then

    try:
        encoding = str(header(headers, "Content-Encoding") or "").strip().lower()
    except Exception:  # noqa: BLE001 - headers we cannot read: leave the body as it is
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        return body
    import zlib

    try:
        if encoding == "deflate":
            return zlib.decompress(body)
        return zlib.decompress(body, wbits=31)
    except zlib.error as error:
        raise _ReadError(error, body) from error


def _read_failed(
    failed: _ReadError, status: int, headers: "Any", response: object
) -> Exception:
    error = failed.error
    if isinstance(error, RuntimeError) and not isinstance(error, RecursionError):
        # httpx's ResponseNotRead and StreamConsumed, requests' "already consumed"
        return ValueError(
            f"the response's body is not available ({type(error).__name__}: {error}); "
            f"read the stream first (response.read(), or await check_async(response)), "
            f"or pass the body to raise_for_response"
        )
    message = f"the body could not be read: {type(error).__name__}: {error}"
    given = Given(message=message[:500])
    return from_response(
        MalformedResponseError,
        status,
        body=failed.body,
        headers=headers,
        given=given,
        request=response,
    )
