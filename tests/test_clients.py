"""`check` and `check_async` with every HTTP client a trader uses, against a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import gzip
import json
import pickle
import socket
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler

import aiohttp
import httpx
import pytest
import requests

import xt_errors
from tests.conftest import loopback

OK = b'{"rc":0,"mc":"SUCCESS","ma":[],"result":{"orderId":"1"}}'
ANSWERS = {
    "/ok": (200, {}, OK),
    "/ok-gzip": (200, {"Content-Encoding": "gzip"}, gzip.compress(OK)),
    "/stale": (200, {}, b'{"rc":1,"mc":"AUTH_105","ma":[],"result":null}'),
    "/limited": (429, {"Retry-After": "2"}, b'{"rc":1,"mc":"FAILURE","ma":[],"result":null}'),
    "/down": (503, {"Content-Type": "text/html"}, b"<html><body>503</body></html>"),
    "/unknown": (400, {}, b'{"rc":1,"mc":"AUTH_999","ma":[],"result":null}'),
}
EXPECTED = {
    "/stale": (xt_errors.StaleRequestError, 200),
    "/limited": (xt_errors.RateLimitError, 429),
    "/down": (xt_errors.ServiceUnavailableError, 503),
    "/unknown": (xt_errors.UnknownAuthError, 400),
}
# More codes, each caught by its class, family or meaning (what `except` sees).
MORE_ANSWERS = {
    "/auth": (200, {}, b'{"rc":1,"mc":"AUTH_103","ma":[],"result":null}'),
    "/lever-order": (200, {}, b'{"rc":1,"mc":"LEVER_ORDER_006","ma":[],"result":null}'),
    "/lever": (200, {}, b'{"rc":1,"mc":"LEVER_1004","ma":[],"result":null}'),
    "/gateway": (200, {}, b'{"rc":1,"mc":"GATEWAY_0002","ma":[],"result":null}'),
    "/limited-empty": (429, {"Retry-After": "2"}, b""),
    "/new-code": (200, {}, b'{"rc":1,"mc":"NEW_CODE_001","ma":[],"result":null}'),
    "/truncated": (200, {}, b'{"rc":1,"mc":"AUTH_1'),
}
CAUGHT_AS = {
    "/auth": xt_errors.InvalidSignatureError,
    "/lever-order": xt_errors.InsufficientLeverageCapitalError,
    "/lever": xt_errors.SubAccountPermissionError,
    "/gateway": xt_errors.RiskControlError,
    "/limited-empty": xt_errors.RateLimitError,
    "/down": xt_errors.ServiceUnavailableError,
    "/new-code": xt_errors.UnknownCodeError,
    "/truncated": xt_errors.MalformedResponseError,
}
ANSWERS.update(MORE_ANSWERS)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.do_GET()

    do_PUT = do_DELETE = do_POST

    def do_GET(self):  # noqa: N802
        self.path = self.path.split("?")[0]  # the query is the client's: the answer is the path's
        if self.path == "/cut-short":  # promises 100 bytes, sends 10, hangs up
            self._head(200, {"Content-Length": "100"})
            self.wfile.write(OK[:10])
            self._hang_up()
            return
        if self.path == "/bad-gzip":
            body = b"\x1f\x8b\x08\x00not really gzip"
            self._head(200, {"Content-Encoding": "gzip", "Content-Length": str(len(body))})
            self.wfile.write(body)
            return
        if self.path == "/chunked-cut":  # a chunk that never ends
            self._head(200, {"Transfer-Encoding": "chunked"})
            self.wfile.write(b"40\r\n" + OK[:20])
            self._hang_up()
            return
        status, headers, body = ANSWERS[self.path]
        self._head(status, {**headers, "Content-Length": str(len(body))})
        self.wfile.write(body)

    def _head(self, status, headers):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()

    def _hang_up(self):
        self.wfile.flush()
        self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    with loopback(_Handler) as url:
        yield url


def _assert_answers(server, fetch):
    """`fetch(url)` returns what check gave, or raises what it raised."""
    assert fetch(f"{server}/ok") == {"orderId": "1"}
    for path, (cls, status) in EXPECTED.items():
        with pytest.raises(cls) as caught:
            fetch(f"{server}{path}")
        assert type(caught.value) is cls and caught.value.http_status == status
        assert caught.value.body == ANSWERS[path][2]  # the body as received
    with pytest.raises(xt_errors.RateLimitError) as limited:
        fetch(f"{server}/limited")
    assert limited.value.retryable and limited.value.retry_after == 2.0


def test_requests(server):
    with requests.Session() as session:
        _assert_answers(server, lambda url: xt_errors.check(session.get(url, timeout=10)))
        assert xt_errors.check(session.get(f"{server}/ok-gzip", timeout=10)) == {"orderId": "1"}
        for path in ("/bad-gzip", "/chunked-cut"):
            response = session.get(f"{server}{path}", stream=True, timeout=10)
            with pytest.raises(xt_errors.MalformedResponseError) as caught:
                xt_errors.check(response)
            assert isinstance(caught.value.__cause__, requests.RequestException), path
            assert caught.value.http_status == 200


def test_httpx_sync(server):
    with httpx.Client(timeout=10) as client:
        _assert_answers(server, lambda url: xt_errors.check(client.get(url)))
        with client.stream("GET", f"{server}/stale") as response:
            with pytest.raises(ValueError, match="read"):  # an unread stream: the caller's mistake
                xt_errors.check(response)
            response.read()
            with pytest.raises(xt_errors.StaleRequestError):
                xt_errors.check(response)


def test_httpx_async(server):

    async def main():
        async with httpx.AsyncClient(timeout=10) as client:
            results = {}
            for path in ("/ok", *EXPECTED):
                try:
                    results[path] = await xt_errors.check_async(await client.get(f"{server}{path}"))
                except xt_errors.XTError as error:
                    results[path] = error
            async with client.stream("GET", f"{server}/stale") as response:
                results["stream"] = await _raised(xt_errors.check_async(response))
            return results

    results = asyncio.run(main())
    assert results["/ok"] == {"orderId": "1"}
    for path, (cls, status) in EXPECTED.items():
        assert type(results[path]) is cls and results[path].http_status == status
    assert type(results["stream"]) is xt_errors.StaleRequestError  # check_async reads the stream


async def _raised(awaitable):
    try:
        return await awaitable
    except Exception as error:  # noqa: BLE001 - the test looks at what it was
        return error


def test_aiohttp(server):

    async def main():
        results = {}
        async with aiohttp.ClientSession() as session:
            for path in ("/ok", "/ok-gzip", *EXPECTED, "/bad-gzip", "/cut-short"):
                async with session.get(f"{server}{path}") as response:
                    results[path] = await _raised(xt_errors.check_async(response))
            async with session.get(f"{server}/ok") as response:
                results["sync"] = await _raised(asyncio.to_thread(xt_errors.check, response))
        return results

    results = asyncio.run(main())
    assert results["/ok"] == results["/ok-gzip"] == {"orderId": "1"}
    for path, (cls, status) in EXPECTED.items():
        assert type(results[path]) is cls and results[path].http_status == status
        assert results[path].body == ANSWERS[path][2]
    assert results["/limited"].retry_after == 2.0
    for path in ("/bad-gzip", "/cut-short"):
        assert type(results[path]) is xt_errors.MalformedResponseError, results[path]
        assert isinstance(results[path].__cause__, aiohttp.ClientError)
    assert type(results["sync"]) is TypeError and "check_async" in str(results["sync"])


def _urllib(url):
    try:
        response = urllib.request.urlopen(url, timeout=10)  # noqa: S310 - 127.0.0.1 only
    except urllib.error.HTTPError as error:
        with error:
            return xt_errors.check(error)
    with response:
        return xt_errors.check(response)


def test_urllib_response_and_http_error(server):
    _assert_answers(server, _urllib)
    assert _urllib(f"{server}/ok-gzip") == {"orderId": "1"}  # urllib leaves gzip to us
    for path in ("/bad-gzip", "/cut-short"):
        with pytest.raises(xt_errors.MalformedResponseError) as caught:
            _urllib(f"{server}{path}")
        assert caught.value.__cause__ is not None and caught.value.http_status == 200


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_each_code_is_caught_by_its_class_family_or_meaning(server, client):
    library = {"requests": requests, "httpx": httpx}[client]
    assert xt_errors.check(library.get(f"{server}/ok")) == {"orderId": "1"}
    for path, cls in CAUGHT_AS.items():
        with pytest.raises(cls) as caught:
            xt_errors.check(library.get(f"{server}{path}"))
        assert caught.value.http_status == ANSWERS[path][0]
        if path == "/limited-empty":
            assert caught.value.retry_after == 2.0


def test_what_is_not_a_response_is_the_callers_mistake():
    for thing in (object(), b'{"rc":0}', {"rc": 0}, None):
        with pytest.raises(TypeError, match="raise_for_response"):
            xt_errors.check(thing)


# -- the answers a trader meets, through every client and ccxt --------------------------------

SECRET = "k3y-0f-th3-trad3r"  # an API key and a signature the request carries
CHALLENGE = b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>cf_chl_opt</body></html>"
ANSWERS.update({
    "/blocked": (403, {"Server": "cloudflare", "CF-RAY": "8f1b-FRA", "cf-mitigated": "challenge",
                       "Content-Type": "text/html"}, CHALLENGE),
    "/withdraw-args": (200, {}, b'{"rc":1,"mc":"WITHDRAW_021","ma":["5 BTC"],"result":null}'),
    "/futures-args": (200, {}, b'{"returnCode":1,"msgInfo":"failure","error":{"code":"quantity_can_not_less_than",'
                               b'"msg":"quantity too small","args":["0.5"]},"result":null}'),
    "/signed": (401, {}, b'{"rc":1,"mc":"AUTH_103","ma":[],"result":null}'),
})
QUERY = f"?symbol=btc_usdt&signature={SECRET}&apiKey={SECRET}&recvWindow=5000"
SIGNED = {"validate-appkey": SECRET, "validate-signature": SECRET}


def _check_each_answer(caught: dict[str, BaseException], server: str, method: str) -> None:
    """What each answer gives, the same through every client."""
    blocked = caught["/blocked"]
    assert type(blocked) is xt_errors.FirewallBlockedError and blocked.firewall == "Cloudflare"
    assert blocked.http_status == 403 and "Login expired" not in str(blocked)
    assert blocked.body in (CHALLENGE, CHALLENGE.decode())  # ccxt keeps the text it decoded
    assert str(blocked) == "HTTP 403: blocked before reaching XT's API: Cloudflare answered, not XT's API"
    assert "allow-list" in blocked.hint and blocked.firewall_headers["cf-ray"] == "8f1b-FRA"
    assert xt_errors.RetryPolicy().advise(blocked, 1).action == "stop"
    withdraw = caught["/withdraw-args"]
    assert type(withdraw).__name__ == "WithdrawQuotaExceededError" or withdraw.mc == "WITHDRAW_021"
    assert withdraw.xt_args == ["5 BTC"] and "withdraw up to 5 BTC this time" in str(withdraw)
    assert withdraw.message_in("zh") == "您今日提现额度已达上限，本次最多只能提现5 BTC"
    futures = caught["/futures-args"]
    assert futures.xt_args == ["0.5"]
    assert futures.message == "origQty must be greater than 0.5 (XT: quantity too small)"
    assert futures.message_in("zh") == "origQty必须大于 0.5 (XT: quantity too small)"
    signed = caught["/signed"]
    assert type(signed) is xt_errors.InvalidSignatureError and signed.http_status == 401
    assert signed.request_method == method
    redacted = f"{server}/signed?symbol=btc_usdt&signature=***&apiKey=***&recvWindow=5000"
    assert signed.url == redacted and f"request='{method} {redacted}'" in repr(signed)
    assert signed.to_dict()["url"] == redacted and signed.to_dict()["request_method"] == method
    for error in caught.values():
        assert error.request_method == method and error.url.startswith(server)
        shown = [str(error), repr(error), json.dumps(error.to_dict()), pickle.dumps(error), error.url]
        assert not any(SECRET in (one if isinstance(one, str) else one.decode("latin-1")) for one in shown)
        again = pickle.loads(pickle.dumps(error))
        assert (type(again), str(again), repr(again), again.url) == (type(error), str(error), repr(error), error.url)


def _paths():
    return ["/blocked", "/withdraw-args", "/futures-args", "/signed"]


def _url(server, path):
    return f"{server}{path}{QUERY if path == '/signed' else ''}"


def _sync_caught(server, fetch):
    caught = {}
    for path in _paths():
        with pytest.raises(xt_errors.XTError) as raised_here:
            fetch(_url(server, path))
        caught[path] = raised_here.value
    return caught


def test_every_answer_through_requests(server):
    with requests.Session() as session:
        caught = _sync_caught(server, lambda url: xt_errors.check(session.post(url, headers=SIGNED, data=b"{}", timeout=10)))
    _check_each_answer(caught, server, "POST")


def test_every_answer_through_httpx(server):
    with httpx.Client(timeout=10, headers=SIGNED) as client:
        caught = _sync_caught(server, lambda url: xt_errors.check(client.get(url)))
    _check_each_answer(caught, server, "GET")

    async def main():
        found = {}
        async with httpx.AsyncClient(timeout=10, headers=SIGNED) as client:
            for path in _paths():
                found[path] = await _raised(xt_errors.check_async(await client.delete(_url(server, path))))
        return found

    _check_each_answer(asyncio.run(main()), server, "DELETE")


def test_every_answer_through_aiohttp(server):
    async def main():
        found = {}
        async with aiohttp.ClientSession(headers=SIGNED) as session:
            for path in _paths():
                async with session.put(_url(server, path), data=b"{}") as response:
                    found[path] = await _raised(xt_errors.check_async(response))
        return found

    _check_each_answer(asyncio.run(main()), server, "PUT")


def test_every_answer_through_urllib(server):
    def fetch(url):
        request = urllib.request.Request(url, data=b"{}", headers=SIGNED, method="POST")
        try:
            response = urllib.request.urlopen(request, timeout=10)  # noqa: S310 - 127.0.0.1 only
        except urllib.error.HTTPError as error:
            with error:
                return xt_errors.check(error)
        with response:
            return xt_errors.check(response)

    _check_each_answer(_sync_caught(server, fetch), server, "POST")


def test_every_answer_through_ccxt_sync_and_async(server):
    pytest.importorskip("ccxt")
    import ccxt
    import ccxt.async_support

    exchange = ccxt.xt()
    caught = {}
    for path in _paths():
        with pytest.raises(ccxt.BaseError) as raised_here:
            exchange.fetch(_url(server, path), "GET", SIGNED)
        caught[path] = xt_errors.from_ccxt(raised_here.value)
    _check_each_answer(caught, server, "GET")

    async def main():
        found = {}
        exchange = ccxt.async_support.xt()
        try:
            for path in _paths():
                try:
                    await exchange.fetch(_url(server, path), "GET", SIGNED)
                except ccxt.BaseError as error:
                    found[path] = xt_errors.from_ccxt(error)
        finally:
            await exchange.close()
        return found

    _check_each_answer(asyncio.run(main()), server, "GET")
