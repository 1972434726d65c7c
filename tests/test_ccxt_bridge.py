"""The ccxt bridge: from_ccxt and ccxt_errors, against the exceptions the real ccxt raises.

Each ccxt exception is made by ccxt's own code: its `xt` exchange's
handle_errors on a real body, or Exchange.handle_http_status_code; a
loopback server only where what is tested is ccxt's fetch itself.
"""

from __future__ import annotations

import asyncio
import json
import pickle

import pytest

import xt_errors
from tests.conftest import ROOT, Answering, loopback, run_python

ccxt = pytest.importorskip("ccxt")

URL = "https://sapi.xt.com/v4/order"
ORDER_002 = '{"rc":1,"mc":"ORDER_002","ma":[],"result":null}'
INSUFFICIENT_BALANCE = (
    '{"returnCode":1,"msgInfo":"failure","error":{"code":"insufficient_balance",'
    '"msg":"insufficient balance","args":[]},"result":null}'
)
GATEWAY_400 = (  # ccxt's own example of its exact '400': a NetworkError with a body
    '{"returnCode":1,"msgInfo":"failure","error":{"code":"400",'
    '"msg":"Connection refused: /10.0.26.71:8080"},"result":null}'
)
FAILURE = '{"rc":1,"mc":"FAILURE","ma":[],"result":null}'


def xt_handles(body: str) -> None:
    """ccxt's xt exchange handling a 200 with this body, as its fetch does: raises for an error."""
    ccxt.xt().handle_errors(200, "OK", URL, "POST", {}, body, json.loads(body), {}, None)


def ccxt_error(body: str) -> Exception:
    """What ccxt's xt exchange raises for this body."""
    with pytest.raises(ccxt.BaseError) as caught:
        xt_handles(body)
    return caught.value


def ccxt_status_error(status: int, reason: str, body: str = "") -> Exception:
    """What ccxt raises for an HTTP status whose body has no code it reads."""
    with pytest.raises(ccxt.BaseError) as caught:
        ccxt.xt().handle_http_status_code(status, reason, URL, "GET", body)
    return caught.value


def test_spot_order_002_is_insufficient_funds():
    theirs = ccxt_error(ORDER_002)
    assert type(theirs) is ccxt.InsufficientFunds
    ours = xt_errors.from_ccxt(theirs)
    assert isinstance(ours, xt_errors.InsufficientFundsError)
    assert ours.mc is xt_errors.MessageCode.ORDER_002
    assert ours.body == ORDER_002 and ours.message == "insufficient funds"
    assert ours.__cause__ is theirs


def test_futures_insufficient_balance_is_insufficient_funds_with_xts_words():
    theirs = ccxt_error(INSUFFICIENT_BALANCE)
    ours = xt_errors.from_ccxt(theirs)
    assert isinstance(ours, xt_errors.InsufficientFundsError)
    assert ours.mc == "insufficient_balance" and ours.rc == 1
    assert ours.body == INSUFFICIENT_BALANCE and "insufficient balance" in ours.message
    assert ours.xt_args == [] and ours.__cause__ is theirs


def test_a_502_is_a_bad_gateway_error():
    theirs = ccxt_status_error(502, "Bad Gateway")
    assert isinstance(theirs, ccxt.ExchangeNotAvailable)
    ours = xt_errors.from_ccxt(theirs)
    assert type(ours) is xt_errors.BadGatewayError
    assert ours.http_status == 502 and ours.body == "" and ours.retryable
    assert ours.__cause__ is theirs


@pytest.mark.parametrize(
    ("status", "reason", "body", "expected"),
    [
        (404, "Not Found", '{"status":404,"error":"Not Found","path":"/future/x"}', xt_errors.NotFoundError),
        (503, "", "<html><body>down</body></html>", xt_errors.ServiceUnavailableError),
        (503, "Temporarily Gone", "<html>down</html>", xt_errors.ServiceUnavailableError),
        (429, "Too Many Requests", "", xt_errors.RateLimitError),
    ],
)
def test_status_errors_keep_the_body_after_the_reason(status, reason, body, expected):
    ours = xt_errors.from_ccxt(ccxt_status_error(status, reason, body))
    assert type(ours) is expected and ours.http_status == status and ours.body == body
    assert type(ours) is type(_raised(status, body))


@pytest.mark.parametrize(
    "body",
    [
        ORDER_002,
        INSUFFICIENT_BALANCE,
        GATEWAY_400,
        FAILURE,
        '{"rc":1,"mc":"AUTH_105","ma":[],"result":null}',
        '{"rc":1,"mc":"AUTH_999","ma":[],"result":null}',
        '{"returnCode":1,"msgInfo":"failure","error":{"code":"invalid_symbol","msg":"symbol btc_xyz","args":["btc_xyz"]},"result":null}',
        '{"returnCode":1,"msgInfo":"failure","error":{"code":"symbol_not_support_trading_via_api","msg":"The symbol does not support trading via API"},"result":null}',
    ],
)
def test_the_class_is_the_one_the_check_raises_for_the_same_body(body):
    ours = xt_errors.from_ccxt(ccxt_error(body))
    assert type(ours) is type(_raised(200, body))
    assert ours.body == body and str(ours) == str(_raised(200, body))


def test_a_broad_match_gets_the_class_of_the_bodys_code():
    # ccxt matches "insufficient balance" in the text; the code is one XT added later
    body = (
        '{"returnCode":1,"msgInfo":"failure","error":{"code":"insufficient_margin_v2",'
        '"msg":"insufficient balance for this order"},"result":null}'
    )
    theirs = ccxt_error(body)
    assert type(theirs) is ccxt.InsufficientFunds
    ours = xt_errors.from_ccxt(theirs)
    assert isinstance(ours, xt_errors.UnknownCodeError) and ours.mc == "insufficient_margin_v2"
    assert "insufficient balance for this order" in ours.message


def test_a_network_error_with_a_body_is_xts_gateway_code():
    theirs = ccxt_error(GATEWAY_400)
    assert type(theirs) is ccxt.NetworkError
    ours = xt_errors.from_ccxt(theirs)
    assert ours.mc == xt_errors.FuturesErrorCode("400") and ours.retryable
    assert "Connection refused" in ours.message


def test_without_a_status_in_the_message_http_status_is_none():
    ours = xt_errors.from_ccxt(ccxt_error(FAILURE))
    assert ours.http_status is None and ours.retry_after is None
    assert type(ours) is type(_raised(200, FAILURE))  # the body's code decides


# -- through ccxt's own fetch, sync and async, against a server on 127.0.0.1 ------------------

BODIES = {
    "failure": FAILURE,  # only the status says what went wrong
    "futures-failure": '{"returnCode":1,"msgInfo":"failure","error":{"code":"fail","msg":"fail"},"result":null}',
    "order": ORDER_002,
    "empty": "",
    "html": "<html><body>oops</body></html>",
    "spring": '{"status":413,"error":"Payload Too Large","path":"/v4/order"}',
}


class _Answers(Answering):
    """/STATUS/BODY answers with that status and one of BODIES, with a Retry-After."""

    def do_GET(self) -> None:
        _, status, body = self.path.split("?")[0].split("/")
        self.answer(int(status), {"Content-Type": "application/json", "Retry-After": "7"}, BODIES[body].encode())


def _through_ccxt(urls: list[str]) -> list[tuple[object, object]]:
    """For each url, from_ccxt of what ccxt's sync and async fetch raised; "returned" when ccxt raised nothing."""
    import ccxt.async_support

    exchange = ccxt.xt()
    synchronous: list[object] = []
    for url in urls:
        try:
            exchange.fetch(url, "GET")
            synchronous.append("returned")
        except ccxt.BaseError as error:
            synchronous.append(xt_errors.from_ccxt(error))

    async def fetched() -> list[object]:
        found: list[object] = []
        exchange = ccxt.async_support.xt()
        try:
            for url in urls:
                try:
                    await exchange.fetch(url, "GET")
                    found.append("returned")
                except ccxt.BaseError as error:
                    found.append(xt_errors.from_ccxt(error))
        finally:
            await exchange.close()
        return found

    return list(zip(synchronous, asyncio.run(fetched()), strict=True))


@pytest.fixture(scope="module")
def answers():
    with loopback(_Answers) as base:
        yield base


@pytest.mark.parametrize("body", ["failure", "futures-failure"])
def test_every_status_gives_the_class_of_the_check_sync_and_async(answers, body):
    """A generic failure yields to its status through ccxt as through the check: never a "stop" on a 429 or 5xx."""
    statuses = [200, *range(400, 600)]
    results = _through_ccxt([f"{answers}/{status}/{body}" for status in statuses])
    for status, both in zip(statuses, results, strict=True):
        expected = _raised(status, BODIES[body], {"Retry-After": "7"})
        for ours in both:
            assert isinstance(ours, xt_errors.XTError), (status, ours)
            assert type(ours) is type(expected), (status, ours, expected)
            assert (ours.http_status, ours.retry_after, ours.retryable) == (status, 7.0, expected.retryable)
            assert ours.request_method == "GET" and ours.url == f"{answers}/{status}/{body}"
            if status == 429 or status >= 500:
                assert xt_errors.RetryPolicy().advise(ours, 1).action != "stop", (status, ours)


UNMAPPED = [(413, "html"), (507, "empty"), (413, "spring"), (507, "order"), (429, "html"), (503, "empty"),
            (404, "spring"), (200, "order")]


def test_a_status_ccxt_does_not_map_gives_what_the_check_gives(answers):
    """ccxt maps neither 413 nor 507: its sync fetch raises `xt GET <url>`, and the status and body come from
    the response it held. Its async fetch raises nothing for a body with no code of XT's: nothing to convert."""
    results = _through_ccxt([f"{answers}/{status}/{body}" for status, body in UNMAPPED])
    for (status, body), (synchronous, asynchronous) in zip(UNMAPPED, results, strict=True):
        expected = _raised(status, BODIES[body], {"Retry-After": "7"})
        for ours in (synchronous, asynchronous):
            if ours == "returned":
                assert ours is asynchronous and status in (413, 507) and body in ("html", "empty", "spring")
                continue
            assert type(ours) is type(expected), (ours, expected)
            assert (ours.http_status, ours.body, ours.retry_after) == (status, BODIES[body], 7.0)


def test_without_ccxts_traceback_the_status_is_not_guessed(answers):
    with pytest.raises(ccxt.ExchangeError) as caught:
        ccxt.xt().fetch(f"{answers}/429/failure", "GET")
    bare = caught.value.with_traceback(None)  # re-raised without it: ccxt's fetch is gone
    ours = xt_errors.from_ccxt(bare)
    assert type(ours) is type(_raised(200, FAILURE)) and ours.http_status is None and ours.retry_after is None


def test_a_requests_error_the_caller_was_handling_lends_no_status():
    import requests

    response = requests.Response()
    response.status_code, response._content = 503, b"<html>unrelated</html>"
    try:
        raise requests.HTTPError(response=response)
    except requests.HTTPError:
        theirs = ccxt_error(FAILURE)  # raised while the caller handles its own error
    assert xt_errors.from_ccxt(theirs).http_status is None


@pytest.mark.parametrize(
    "error",
    [
        ValueError("xt " + ORDER_002),  # not ccxt's
        KeyboardInterrupt(),
        ccxt.ExchangeError("binance " + ORDER_002),  # another exchange's
        ccxt.NetworkError(f"xt GET {URL}"),  # a lost connection: no answer of XT's
        ccxt.RequestTimeout(f"xt POST {URL}"),
        ccxt.ArgumentsRequired("xt createOrder() requires a price argument"),
        ccxt.ExchangeError(),
        ccxt.ExchangeError("xt"),
    ],
    ids=repr,
)
def test_what_holds_no_answer_of_xts_gives_none(error):
    assert xt_errors.from_ccxt(error) is None


def test_what_is_no_exception_is_a_type_error():
    with pytest.raises(TypeError, match="not str"):
        xt_errors.from_ccxt("xt " + ORDER_002)


def test_raising_it_shows_ccxts_error_as_the_cause():
    for chained in (False, True):
        with pytest.raises(xt_errors.InsufficientFundsError) as caught:
            try:
                xt_handles(ORDER_002)
            except ccxt.BaseError as error:
                if chained:
                    raise xt_errors.from_ccxt(error) from error
                raise xt_errors.from_ccxt(error)  # noqa: B904 - from_ccxt chains it already
        assert type(caught.value.__cause__) is ccxt.InsufficientFunds
        assert caught.value.__suppress_context__


def test_the_error_pickles():
    for theirs in (ccxt_error(INSUFFICIENT_BALANCE), ccxt_status_error(502, "Bad Gateway")):
        ours = xt_errors.from_ccxt(theirs)
        copy = pickle.loads(pickle.dumps(ours))
        assert type(copy) is type(ours) and str(copy) == str(ours)
        assert (copy.http_status, copy.body, copy.message) == (ours.http_status, ours.body, ours.message)


def test_the_block_raises_ours_from_theirs():
    with pytest.raises(xt_errors.InsufficientFundsError) as caught:
        with xt_errors.ccxt_errors():
            xt_handles(ORDER_002)
    assert type(caught.value.__cause__) is ccxt.InsufficientFunds
    with pytest.raises(xt_errors.BadGatewayError):
        with xt_errors.ccxt_errors():
            ccxt.xt().handle_http_status_code(502, "Bad Gateway", URL, "GET", "")


def test_the_block_lets_anything_else_through_untouched():
    block = xt_errors.ccxt_errors()  # no state: one instance serves every block
    for error in (ValueError("x"), ccxt.NetworkError(f"xt GET {URL}"), ccxt.ExchangeError("binance {}")):
        with pytest.raises(type(error)) as caught:
            with block:
                raise error
        assert caught.value is error and caught.value.__cause__ is None
    with block as entered:
        result = "done"
    assert result == "done" and entered is block


def test_the_block_works_in_async_code():
    async def create_order() -> None:
        await asyncio.sleep(0)
        xt_handles(INSUFFICIENT_BALANCE)

    async def main() -> tuple[BaseException, BaseException]:
        try:
            async with xt_errors.ccxt_errors():
                await create_order()
        except xt_errors.InsufficientFundsError as error:
            ours = error
        try:
            async with xt_errors.ccxt_errors():
                raise asyncio.CancelledError  # a BaseException: never ours
        except asyncio.CancelledError as error:
            other = error
        return ours, other

    ours, other = asyncio.run(main())
    assert type(ours).__name__ == "InsufficientBalanceError"
    assert type(ours.__cause__) is ccxt.InsufficientFunds and other.__cause__ is None


def test_the_package_never_imports_ccxt():
    code = (
        "import sys, xt_errors\n"
        "assert xt_errors.from_ccxt(ValueError('xt {}')) is None\n"
        "with xt_errors.ccxt_errors():\n"
        "    pass\n"
        "assert 'ccxt' not in sys.modules and 'requests' not in sys.modules, sorted(sys.modules)\n"
    )
    done = run_python(code, ROOT / "generated")
    assert done.returncode == 0, done.stderr


def _raised(status: int, body: str, headers: dict[str, str] | None = None) -> xt_errors.XTError:
    try:
        xt_errors.raise_for_response(status, body, headers)
    except xt_errors.XTError as error:
        return error
    raise AssertionError("nothing raised")
