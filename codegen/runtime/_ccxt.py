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
two forms:

- `xt <body>`: ccxt's `xt.handle_errors` read a code in the body (its
  "exact" and "broad" matches, else an ExchangeError);
- `xt <METHOD> <url> <status> <reason> <body>`:
  `Exchange.handle_http_status_code`, for an error status whose body has no
  code ccxt reads (an empty 502, an HTML page).

Anything else ccxt says (`xt GET <url>` for a timeout or a lost connection,
`xt createOrder() requires a price argument`) holds no answer of XT's and
gives None. ccxt is never imported here: the package needs nothing but Python,
and an exception can only be ccxt's if ccxt is loaded already.
"""

from __future__ import annotations

import re
import sys
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
# XT answers a code in the body with HTTP 200: when ccxt's message names no
# status, the body's code is resolved as it would be at 200.
_USUAL_STATUS = 200


def from_ccxt(error: BaseException) -> XTError | None:
    """The XTError for an exception ccxt's `xt` exchange raised; None for any other.

    The class is the one `raise_for_response` raises for the same body and
    status (ccxt.InsufficientFunds for ORDER_002 gives InsufficientFundsError,
    an ExchangeNotAvailable for an empty 502 a BadGatewayError), with XT's
    body (`body`, as ccxt received it) and message. Its `__cause__` is
    ccxt's exception, so `raise xt_errors.from_ccxt(error)` shows both.

    `http_status` is the status ccxt's message names. For a code in the body
    (ccxt's exact and broad matches) the message names none: then it is the
    status of the response ccxt's sync client was handling when that response
    failed with this very body, and None otherwise (ccxt.async_support, or a
    2xx), rather than a guess. The body's code decides the class either way;
    only a generic failure yields to a known status (a 429 is a RateLimitError).
    `retry_after` is None: ccxt keeps no headers.

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
    matched = _STATUS_MESSAGE.fullmatch(said)
    if matched is not None:
        status = int(matched[3])
        ours = error_for(status, _body_after_reason(status, matched[4]))
    elif said.startswith("{"):  # ccxt writes the body only once it parsed it as JSON
        known = _status_of_response(error, said)
        ours = error_for(_USUAL_STATUS if known is None else known, said)
        if ours is not None and known is None:
            args = list(ours.args)
            args[STATUS] = None  # not known: see the docstring
            ours.args = tuple(args)
    else:
        return None
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


def _status_of_response(error: BaseException, body: str) -> int | None:
    """The status of the response ccxt's sync client was handling, if it failed with `body`.

    ccxt's sync `fetch` calls `handle_errors` inside `except requests.HTTPError`
    for a 4xx or 5xx, so requests' exception, holding the response, is the
    error's `__context__`. Its async `fetch`, and a 2xx, leave none.
    """
    http_error = getattr(sys.modules.get("requests.exceptions"), "HTTPError", None)
    context = error.__context__
    if not isinstance(http_error, type) or not isinstance(context, http_error):
        return None
    response: Any = getattr(context, "response", None)
    try:
        status = response.status_code
        text = response.text  # ccxt's body, before it stripped it
    except Exception:  # noqa: BLE001 - no response, or one that cannot give its text again
        return None
    # The same body: ccxt's response, not a requests error the caller was handling.
    if type(status) is int and type(text) is str and text.strip() == body:
        return status
    return None
