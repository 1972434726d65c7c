"""What an error says of XT's words and of the request it answers: arguments, placeholders, method, URL, never a secret."""

from __future__ import annotations

import json
import pickle
import urllib.parse

import httpx
import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

import xt_errors
from tests.conftest import package_of, raised, run_python
from xt_errors import _base


def _with_request(source: object, body: bytes = b'{"rc":1,"mc":"AUTH_103","ma":[],"result":null}') -> xt_errors.XTError:
    """The error `check` raises for `body` when the client's response is `source`."""
    error = raised(401, body)
    args = list(error.args)
    args[_base.REQUEST] = source
    error.args = tuple(args)
    return error


def _requests_response(method: str, url: str, headers: dict[str, str] | None = None) -> requests.Response:
    response = requests.Response()
    response.request = requests.Request(method, url, headers=headers).prepare()
    response.status_code, response.url = 401, response.request.url
    return response


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://sapi.xt.com/v4/order?symbol=btc_usdt&signature=abc", "https://sapi.xt.com/v4/order?symbol=btc_usdt&signature=***"),
        ("https://sapi.xt.com/v4/order?apiKey=K&api_key=K&x-api-key=K&sign=S&Signature=S", "https://sapi.xt.com/v4/order?apiKey=***&api_key=***&x-api-key=***&sign=***&Signature=***"),
        ("https://a.xt.com/ws?listenKey=L&token=T&access_token=T&secret=S&passphrase=P&password=P",
         "https://a.xt.com/ws?listenKey=***&token=***&access_token=***&secret=***&passphrase=***&password=***"),
        ("https://user:pass@sapi.xt.com/v4/x?price=1&side=BUY", "https://***@sapi.xt.com/v4/x?price=1&side=BUY"),
        ("https://sapi.xt.com/v4/x?%73ignature=S&timestamp=1&recvWindow=5000", "https://sapi.xt.com/v4/x?%73ignature=***&timestamp=1&recvWindow=5000"),
        ("https://sapi.xt.com/cb#access_token=T&state=1", "https://sapi.xt.com/cb#access_token=***&state=1"),
        ("https://sapi.xt.com/v4/public/time", "https://sapi.xt.com/v4/public/time"),
    ],
)
def test_secrets_in_a_url_are_redacted(url, shown):
    error = _with_request(("get", url))  # as ccxt's fetch holds them: the URL as written
    assert error.url == shown and error.request_method == "GET"


def test_the_request_of_each_client_response():
    url = "https://sapi.xt.com/v4/order?symbol=btc_usdt&signature=S1"
    shown = "https://sapi.xt.com/v4/order?symbol=btc_usdt&signature=***"
    httpx_response = httpx.Response(401, request=httpx.Request("post", url))
    for source, method in ((_requests_response("delete", url), "DELETE"), (httpx_response, "POST"), (("put", url), "PUT")):
        error = _with_request(source)
        assert (error.request_method, error.url) == (method, shown)
    bare = _with_request(httpx.Response(401))  # an httpx response made without a request raises on .request
    assert (bare.request_method, bare.url) == (None, None) and "request=" not in repr(bare)
    assert raised(401, b"").url is None  # raise_for_response has no request to tell


def test_repr_and_to_dict_name_the_request_for_a_log_line():
    error = _with_request(_requests_response("POST", "https://sapi.xt.com/v4/order?signature=S&x=1"))
    assert repr(error) == ("InvalidSignatureError('AUTH_103: Signature error', "
                           "request='POST https://sapi.xt.com/v4/order?signature=***&x=1')")
    fields = error.to_dict()
    assert json.loads(json.dumps(fields)) == fields
    assert fields["error"] == "InvalidSignatureError" and fields["code"] == "AUTH_103"
    assert (fields["request_method"], fields["url"]) == ("POST", "https://sapi.xt.com/v4/order?signature=***&x=1")
    assert (fields["http_status"], fields["rc"], fields["retryable"]) == (401, 1, False)
    assert fields["docs_url"] == error.docs_url and fields["hint"] == error.hint


# A secret: random, and marked so that it cannot be a piece of what the error says anyway ("xt_errors._b").
_secrets = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~", min_size=8,
                   max_size=40).map(lambda text: f"sk{text}7Q")
_secret_names = st.sampled_from(["signature", "sign", "apiKey", "api_key", "accessKey", "secret", "token", "listenKey",
                                 "passphrase", "validate-signature", "X-API-KEY", "auth", "sessionId", "clientSecret"])
_plain = st.tuples(st.sampled_from(["symbol", "side", "price", "quantity", "timestamp", "recvWindow"]),
                   st.text(alphabet="abc0123456789", max_size=8))


@given(st.lists(st.tuples(_secret_names, _secrets), min_size=1, max_size=4), st.lists(_plain, max_size=3),
       st.booleans(), st.sampled_from(["GET", "POST", "DELETE"]))
@settings(max_examples=100, deadline=None)
def test_no_secret_of_the_request_ever_shows(secrets, plain, userinfo, method):
    query = urllib.parse.urlencode([*plain, *secrets])
    host = f"{secrets[0][1]}:{secrets[-1][1]}@sapi.xt.com" if userinfo else "sapi.xt.com"
    url = f"https://{host}/v4/order?{query}"
    headers = {"validate-appkey": secrets[0][1], "validate-signature": secrets[-1][1]}
    error = _with_request(_requests_response(method, url, headers))
    shown = [str(error), repr(error), error.url, json.dumps(error.to_dict()),
             pickle.dumps(error).decode("latin-1"), repr(pickle.loads(pickle.dumps(error)).to_dict())]
    for _, secret in secrets:
        assert not any(secret in one for one in shown), (secret, shown)
    for name, value in plain:
        assert f"{name}={urllib.parse.quote_plus(value)}" in error.url
    assert error.request_method == method


# -- XT's words in full -----------------------------------------------------------------------


def test_spot_ma_is_kept_as_xt_args():
    error = raised(200, {"rc": 1, "mc": "ORDER_F0101", "ma": ["0.01"], "result": None})
    assert type(error).__name__ == "PriceBelowMinError" and error.xt_args == ["0.01"]
    assert raised(200, {"rc": 1, "mc": "ORDER_F0101", "ma": "0.01"}).xt_args is None  # not a list
    futures = raised(200, {"returnCode": 1, "error": {"code": "invalid_symbol", "msg": "x", "args": ["btc_xyz"]}})
    assert futures.xt_args == ["btc_xyz"]


@pytest.mark.parametrize(("args", "en", "zh"), [
    (["0.5"], "origQty must be greater than 0.5", "origQty必须大于 0.5"),
    ([0.001], "origQty must be greater than 0.001", "origQty必须大于 0.001"),
    ([], "origQty must be greater than *", "origQty必须大于 *"),  # nothing to fill: as documented
    (["1", "2"], "origQty must be greater than *", "origQty必须大于 *"),  # a count that does not match
    (None, "origQty must be greater than *", "origQty必须大于 *"),
    ({"a": 1}, "origQty must be greater than *", "origQty必须大于 *"),
])
def test_a_lone_star_is_filled_from_the_futures_args(args, en, zh):
    error = raised(200, {"returnCode": 1, "error": {"code": "quantity_can_not_less_than", "args": args}})
    assert (error.message_in("en"), error.message_in("zh")) == (en, zh)
    assert str(error).startswith(f"quantity_can_not_less_than: {en}. See ")


def test_named_and_numbered_placeholders_in_both_languages(tmp_path):
    package = package_of([("mc", "message code", [
        ("WAIT_001", "Withdrawals open again in {hour}hours {minutes}minutes"),
        ("MIN_001", "Amount must be between {0} and {1}, not {0}"),
    ])], tmp_path)
    code = (
        "import xt_errors as x\n"
        "for mc, ma in (('WAIT_001', ['2', 30]), ('WAIT_001', ['2']), ('WAIT_001', ['1', '2', '3']),\n"
        "               ('MIN_001', [5, 10]), ('MIN_001', [5]), ('MIN_001', [[1], {'a': 10**5000}])):\n"
        "    try: x.raise_for_response(200, {'rc': 1, 'mc': mc, 'ma': ma})\n"
        "    except x.XTError as e: print(e.message)\n"
    )
    result = run_python(code, package)
    assert result.stdout.splitlines() == [
        "Withdrawals open again in 2hours 30minutes",
        "Withdrawals open again in {hour}hours {minutes}minutes",  # too few: as documented
        "Withdrawals open again in {hour}hours {minutes}minutes",  # too many
        "Amount must be between 5 and 10, not 5",
        "Amount must be between {0} and {1}, not {0}",
        "Amount must be between [1] and <dict>, not [1]",  # what cannot print, never raises
    ], result.stderr


_args = st.one_of(st.none(), st.lists(st.one_of(st.text(max_size=8), st.integers(), st.floats(), st.none(),
                                                st.lists(st.integers(), max_size=2)), max_size=4),
                  st.dictionaries(st.text(max_size=4), st.integers(), max_size=2), st.text(max_size=5))


@given(st.sampled_from(["WITHDRAW_021", "WITHDRAW_022", "ORDER_F0101", "AUTH_105"]), _args)
@settings(max_examples=200, deadline=None)
def test_any_arguments_fill_or_leave_the_text_and_never_raise(mc, ma):
    error = raised(200, {"rc": 1, "mc": mc, "ma": ma})
    for language in ("en", "zh"):
        message = error.message_in(language)
        documented = error.code.description if language == "en" else error.code.description_zh
        assert isinstance(message, str) and len(str(error).splitlines()) <= 1
        if "{0}" in documented and isinstance(ma, list) and len(ma) >= 1:
            assert "{0}" not in message
        elif "{0}" in documented:
            assert message == documented
    assert pickle.loads(pickle.dumps(error)).message == error.message
