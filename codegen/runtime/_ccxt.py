"""The ccxt bridge: our precise XTError for an exception ccxt's `xt` exchange raised.

    with xt_errors.ccxt_errors():  # or `async with`, around ccxt.async_support
        exchange.create_order("BTC/USDT", "limit", "buy", 1, 30000)
    # raises xt_errors.InsufficientFundsError from ccxt.InsufficientFunds

    try:
        exchange.create_order("BTC/USDT", "limit", "buy", 1, 30000)
    except ccxt.BaseError as error:
        ours = xt_errors.from_ccxt(error)  # None: no answer of XT's in it
        if ours is None:
            raise
        raise ours from error

ccxt raises coarse classes, but its message keeps what XT sent, in one of
three forms:

- `xt <body>`: ccxt's `xt.handle_errors` read a code in the body (its
  "exact" and "broad" matches, else an ExchangeError);
- `xt <METHOD> <url> <status> <reason> <body>`:
  `Exchange.handle_http_status_code`, for an error status whose body has no
  code ccxt reads (an empty 502, an HTML page);
- `xt <METHOD> <url>`: ccxt's sync `fetch`, for an error status it does not
  map (413, 507) whose body has no code either, or for a timeout or a lost
  connection, which hold no answer of XT's.

What the message leaves out (the status of a body with a code, the headers,
the body after a status ccxt does not map) ccxt's `fetch` still holds, sync
and async alike, in its local variables, which the exception's traceback
keeps: `http_status_code`, `http_response`, `headers`, `method`, `url`.
They are read from there, and only from a response that failed with the very
body the message names. Where the traceback is gone (an exception re-raised
without it, or ccxt's handler called directly), the status is unknown.

Anything else ccxt says (`xt createOrder() requires a price argument`)
holds no answer of XT's and gives None. ccxt is never imported here: the
package needs nothing but Python, and an exception can only be ccxt's if
ccxt is loaded already.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from http import HTTPStatus

from xt_errors._base import STATUS, XTError
from xt_errors._check import error_for

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Any, Self

_PREFIX = "xt "  # ccxt starts every message of its xt exchange with the exchange's id
# handle_http_status_code's message, after the id: method, url, status, `reason + " " + body`
_STATUS_MESSAGE = re.compile(r"([A-Z]+) (\S+) (\d{3}) (.*)", re.DOTALL)
# fetch's own message, after the id: method and url, nothing of the answer
_REQUEST_MESSAGE = re.compile(r"([A-Z]+) (\S+)")
# XT answers a code in the body with HTTP 200: when ccxt's message names no
# status, the body's code is resolved as it would be at 200.
_USUAL_STATUS = 200


def from_ccxt(error: BaseException) -> XTError | None:
    """The XTError for an exception ccxt's `xt` exchange raised; None for any other.

    The class is the one `raise_for_response` raises for the same status,
    body and headers (ccxt.InsufficientFunds for ORDER_002 gives
    InsufficientFundsError, an ExchangeNotAvailable for an empty 502 a
    BadGatewayError, a generic failure with 429 a RateLimitError), sync or
    async, with XT's body (`body`, as ccxt received it) and message, and
    `request_method` and `url` (secrets redacted). Its `__cause__` is ccxt's
    exception, so `raise xt_errors.from_ccxt(error)` shows both.

    `http_status` and `retry_after` come from the response ccxt's `fetch`
    was handling, read off the exception's traceback (see the module's
    docstring). Without it, `http_status` is the status ccxt's message
    names, or None for a code in the body (then the body's code decides
    the class, as at 200), and `retry_after` None.

    None for an exception that is not ccxt's, or that another exchange of
    ccxt's raised, or that holds no answer of XT's: a NetworkError for a
    timeout or a lost connection (`xt GET <url>`), ccxt's own checks of the
    arguments. A TypeError for an argument that is not an exception.
    """
    if not isinstance(error, BaseException):
        raise TypeError(
            f"from_ccxt() takes an exception ccxt raised, not {type(error).__name__}"
        )
    said = _said_by_xt(error)
    if said is None:
        return None
    fetched = _fetched(error)
    status: int | None
    matched = _STATUS_MESSAGE.fullmatch(said)
    requested = _REQUEST_MESSAGE.fullmatch(said)
    if matched is not None:
        status = int(matched[3])
        body = _body_after_reason(status, matched[4])
        if fetched is not None and fetched.status == status:
            body = fetched.body  # the whole body, not told apart from the reason
        request: tuple[str, str] | None = (matched[1], matched[2])
    elif said.startswith("{"):  # ccxt writes the body only once it parsed it as JSON
        same = fetched is not None and fetched.body.strip() == said
        status = fetched.status if fetched is not None and same else None
        body, request = said, None
    elif requested is not None and fetched is not None:
        # an error status ccxt does not map, with no code in the body
        status, body, request = fetched.status, fetched.body, None
    else:
        return None  # a timeout, a lost connection, ccxt's own checks
    if status is None or fetched is None or fetched.status != status:
        fetched = None  # another response: its headers and request are not this one's
    headers = fetched.headers if fetched is not None else None
    if fetched is not None:
        request = fetched.request
    ours = error_for(
        _USUAL_STATUS if status is None else status, body, headers, request
    )
    if ours is not None and status is None:
        args = list(ours.args)
        args[STATUS] = None  # not known: see the docstring
        ours.args = tuple(args)
    if ours is not None:
        ours.__cause__ = error
    return ours


class ccxt_errors:  # lower case, like contextlib.suppress: it reads as a with clause
    """A block in which an exception ccxt's `xt` exchange raises becomes our XTError.

        with xt_errors.ccxt_errors():
            exchange.create_order(...)
        async with xt_errors.ccxt_errors():
            await exchange.create_order(...)

    Raises `from_ccxt(error) from error` in place of ccxt's error. Any other
    exception, and a ccxt error from_ccxt gives None for, goes through
    untouched. It holds no state: one instance serves any number of blocks,
    threads and tasks.
    """

    __slots__ = ()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        ours = from_ccxt(error) if error is not None else None
        if ours is not None:
            raise ours from error

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        ours = from_ccxt(error) if error is not None else None
        if ours is not None:
            raise ours from error


def _said_by_xt(error: BaseException) -> str | None:
    """ccxt's message after `xt `; None for an exception not raised by ccxt's xt exchange."""
    # Loaded only if the program imported ccxt; if it did not, no ccxt error exists.
    base = getattr(sys.modules.get("ccxt.base.errors"), "BaseError", None)
    if not isinstance(base, type) or not isinstance(error, base):
        return None
    # ccxt raises ErrorClass(message); str(error) could run a subclass's code
    message = error.args[0] if len(error.args) == 1 else None
    if type(message) is not str or not message.startswith(_PREFIX):
        return None  # another exchange's error
    return message[len(_PREFIX) :]


def _body_after_reason(status: int, rest: str) -> str:
    """The body in handle_http_status_code's `reason + " " + body`, as far as it can be told apart."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:  # a status http.HTTPStatus does not list
        phrase = ""
    for reason in (phrase, ""):  # the standard reason, or none at all
        if rest.startswith(reason + " "):
            return rest[len(reason) + 1 :]
    # A reason in the server's own words: the body starts at its JSON or HTML,
    # and with neither, the two cannot be told apart (the status decides anyway).
    starts = [at for at in (rest.find("{"), rest.find("<")) if at >= 0]
    return rest[min(starts) :] if starts else rest


class _Fetched:
    """What ccxt's `fetch` held when the error left it: the response it was handling."""

    __slots__ = ("body", "headers", "request", "status")

    def __init__(self, status: int, body: str, headers: Any, request: Any) -> None:
        self.status = status
        self.body = body
        self.headers = headers  # the response's: ccxt's request headers never get here
        self.request = request  # (method, url)


def _fetched(error: BaseException) -> _Fetched | None:
    """The response ccxt's `fetch` (sync or async) was handling, from its frame
    in the exception's traceback; None when no fetch of ccxt's got an answer."""
    found = None
    trace = error.__traceback__
    while trace is not None:  # the innermost fetch: the one that raised
        frame = trace.tb_frame
        module = frame.f_globals.get("__name__")
        if frame.f_code.co_name == "fetch" and str(module).startswith("ccxt."):
            found = frame
        trace = trace.tb_next
    if found is None:
        return None
    variables = found.f_locals
    status = variables.get("http_status_code")
    body = variables.get("http_response")
    if type(status) is not int or type(body) is not str:
        return None  # no answer came: a timeout, a lost connection
    # Set from the response before its status: a request's headers never stand here.
    headers = variables.get("headers")
    method, url = variables.get("method"), variables.get("url")
    request = (method, url) if type(method) is str and type(url) is str else None
    return _Fetched(
        status, body, headers if isinstance(headers, Mapping) else None, request
    )
