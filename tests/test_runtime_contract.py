"""The contract's line: what the server sent gives only XTError; what the caller got wrong, TypeError or ValueError."""

from __future__ import annotations

import json
import math
import pickle
import traceback

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xt_errors
from tests.conftest import FUTURES_COPY_PAGE, edit, package_from, package_of, run_python

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_xt_like = st.fixed_dictionaries(
    {},
    optional={
        "rc": _json | st.sampled_from([0, 1]),
        "mc": _json | st.sampled_from(["SUCCESS", "FAILURE", "AUTH_105", "AUTH_999", "GATEWAY_0002"]),
        "ma": _json,
        "result": _json,
        "returnCode": _json | st.sampled_from([0, 1]),
        "error": _json | st.fixed_dictionaries({"code": st.text(max_size=12), "msg": _json}),
    },
)
_bodies = st.one_of(
    st.none(), st.binary(max_size=60), st.text(max_size=60), _json, _xt_like,
    _xt_like.map(lambda data: json.dumps(data).encode()),
)
_header_values = st.text(max_size=30) | st.sampled_from(["3", "1e309", "nan", "-5", "inf", "Wed, 21 Oct 2015 07:28:00 GMT"])
_headers = st.one_of(
    st.none(),
    st.dictionaries(st.sampled_from(["Retry-After", "retry-after", "X"]), _header_values),
    st.lists(st.tuples(st.sampled_from(["Retry-After", "RETRY-AFTER", b"retry-after"]), _header_values | st.binary(max_size=8))),
)


def _every_view_of(error: xt_errors.XTError) -> None:
    """What a user reads off an error never raises, and survives pickling."""
    text, message = str(error), error.message
    assert isinstance(text, str) and isinstance(message, str)
    assert len(text.splitlines()) <= 1 and len(repr(error).splitlines()) == 1  # whatever the server sent
    assert error.retry_after is None or 0.0 <= error.retry_after <= xt_errors.RETRY_AFTER_CAP
    fields = json.loads(json.dumps(error.to_dict()))  # a structured log never fails either
    assert fields["error"] == type(error).__name__ and fields["message"] == message
    status = error.http_status
    # Protocols 0 and 1 write ints as decimal text, which CPython refuses past
    # 4,300 digits for any int (`pickle.dumps(10**5000, 0)` fails too).
    oldest = 2 if isinstance(status, int) and status.bit_length() > 14_000 else 0
    for protocol in range(oldest, pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(error, protocol=protocol))
        assert type(again) is type(error) and str(again) == text


# Statuses too long for str() (over 4,300 digits) included.
@given(st.one_of(st.integers(), st.sampled_from([10**5000, -(10**5000)])), _bodies, _headers)
@settings(max_examples=400, deadline=None)
def test_any_int_status_body_and_headers_give_only_xt_errors(status, body, headers):
    try:
        xt_errors.raise_for_response(status, body, headers)
    except xt_errors.XTError as error:
        _every_view_of(error)


@given(st.one_of(st.text(), st.floats(), st.booleans(), st.none(), st.lists(st.integers()), st.binary()), _bodies)
@settings(max_examples=200, deadline=None)
def test_a_status_that_is_not_an_int_is_a_type_error(status, body):
    with pytest.raises(TypeError, match="status"):
        xt_errors.raise_for_response(status, body)


def test_the_callers_mistakes_are_never_xt_errors():
    for status in ("200", [200], 200.0, True, None):
        for body in ({"rc": 0, "mc": "SUCCESS", "result": 1}, {"rc": 1, "mc": "AUTH_105"}, b""):
            with pytest.raises(TypeError):
                xt_errors.raise_for_response(status, body)
    with pytest.raises(TypeError, match="body"):
        xt_errors.raise_for_response(200, object())
    import http

    assert xt_errors.raise_for_response(http.HTTPStatus.OK, {"rc": 0, "mc": "SUCCESS", "result": 5}) == 5


def test_a_docs_base_that_is_no_address_is_refused_and_one_in_the_environment_ignored(monkeypatch):
    member = xt_errors.lookup("AUTH_105")
    published = member.docs_url
    for base, error in (("errors.example.com/xt", ValueError), ("ftp://h/x/", ValueError), ("https://", ValueError), (b"https://h/", TypeError)):
        with pytest.raises(error, match="docs base"):
            xt_errors.set_docs_url(base)  # type: ignore[arg-type]
    assert member.docs_url == published
    monkeypatch.setenv("XT_ERRORS_DOCS_URL", "not an address")
    assert member.docs_url == published
    monkeypatch.setenv("XT_ERRORS_DOCS_URL", "https://errors.example.com/xt")
    assert member.docs_url == "https://errors.example.com/xt/en/" + published.removeprefix(xt_errors._codes.SITE_URL)
    try:
        xt_errors.set_docs_url("http://127.0.0.1:8000/")  # the call wins over the environment
        assert member.docs_url_zh.startswith("http://127.0.0.1:8000/zh/message-code/")
    finally:
        xt_errors.set_docs_url(None)
    assert member.docs_url.startswith("https://errors.example.com/xt/en/")


def _deep(levels, leaf):
    for _ in range(levels):
        leaf = {"a": leaf}
    return leaf


def test_bodies_however_deep_or_large():
    wire = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
    for body in (_deep(100_000, 1), wire, {"rc": 1, "mc": "AUTH_105", "ma": [_deep(100_000, 1)]},
                 {"rc": 1, "mc": [_deep(100_000, 1)]}, {"rc": 1, "mc": 10**5000}, b'{"rc":1,"mc":"' + b"X_" * 100_000 + b'"}',
                 b'{"rc": 1, "mc": "AUTH_105", "ma": [' + b"9" * 5000 + b"]}"):
        with pytest.raises(xt_errors.XTError) as caught:
            xt_errors.raise_for_response(200, body)
        _every_view_of(caught.value)
        assert len(str(caught.value)) < 2000
    assert caught.value.body is body  # the body as received, not a copy or a prefix


def test_generic_failure_yields_to_a_specific_status():
    for headers in ({"Retry-After": "3"}, [("retry-after", "3")], [(b"Retry-After", b"3")]):
        with pytest.raises(xt_errors.RateLimitError) as limited:
            xt_errors.raise_for_response(429, b'{"rc":1,"mc":"FAILURE"}', headers)
        assert limited.value.retryable is True and limited.value.retry_after == 3.0
        assert limited.value.http_status == 429 and limited.value.rc == 1
    for body in (b'{"rc":1,"mc":"FAILURE"}', {"rc": 1}, b'{"rc":1,"mc":"FAILURE","ma":[]}'):
        with pytest.raises(xt_errors.ServiceUnavailableError) as unavailable:
            xt_errors.raise_for_response(503, body)
        assert unavailable.value.retryable is True
        with pytest.raises(xt_errors.RateLimitError):
            xt_errors.raise_for_response(429, body)
    with pytest.raises(xt_errors.RequestFailedError):  # no status to yield to
        xt_errors.raise_for_response(200, b'{"rc":1,"mc":"FAILURE"}')
    with pytest.raises(xt_errors.StaleRequestError):  # a specific code keeps its class
        xt_errors.raise_for_response(429, b'{"rc":1,"mc":"AUTH_105"}')


@pytest.mark.parametrize(("value", "seconds"), [("7", 7.0), ("1e309", 3600.0), ("86400", 3600.0), ("-3", 0.0), ("nan", None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)])
def test_retry_after_is_finite_and_capped(value, seconds):
    with pytest.raises(xt_errors.RateLimitError) as limited:
        xt_errors.raise_for_response(429, b"", {"Retry-After": value})
    assert limited.value.retry_after == seconds
    assert xt_errors.RateLimitError(retry_after=math.inf).retry_after == xt_errors.RETRY_AFTER_CAP


def test_an_error_made_by_hand_says_only_what_it_was_given():
    assert str(xt_errors.XTError("boom")) == "boom" and xt_errors.XTError("boom").http_status is None
    with pytest.raises(TypeError, match="message is a str or None, not int"):
        xt_errors.XTError(123)  # type: ignore[arg-type]
    assert repr(xt_errors.XTError("boom")) == "XTError('boom')"
    assert str(xt_errors.HttpError("teapot", http_status=418)) == "HTTP 418: teapot"
    # a documented code's class made by hand: its text, then its entry
    assert str(xt_errors.StaleRequestError()) == f"AUTH_105: outdated message. See {xt_errors.MessageCode.AUTH_105.docs_url}"
    assert repr(xt_errors.StaleRequestError()) == "StaleRequestError('AUTH_105: outdated message')"
    assert xt_errors.XTError("boom").hint is None and xt_errors.HttpError("teapot").hint is None
    assert xt_errors.RateLimitError().http_status == 429


def test_malformed_bodies_keep_the_body_as_received():
    for body in (b"not json", "not json", b"[1, 2]", [1, 2]):
        with pytest.raises(xt_errors.MalformedResponseError) as caught:
            xt_errors.raise_for_response(200, body)
        assert caught.value.body == body and type(caught.value.body) is type(body)


def test_every_class_shows_as_xt_errors_name():
    raised = []
    for status, body in ((429, b""), (200, b'{"rc":1,"mc":"AUTH_105"}'), (200, b'{"rc":1,"mc":"AUTH_999"}'), (200, b"x")):
        try:
            xt_errors.raise_for_response(status, body)
        except xt_errors.XTError as error:
            raised.append(error)
    lines = ["".join(traceback.format_exception_only(error)).split(":")[0] for error in raised]
    assert lines == ["xt_errors.RateLimitError", "xt_errors.StaleRequestError", "xt_errors.UnknownAuthError", "xt_errors.MalformedResponseError"]
    for error in raised:
        assert getattr(xt_errors, type(error).__name__) is type(error)


def test_lookup_finds_any_code_by_code_or_class_name():
    mc = xt_errors.MessageCode
    assert xt_errors.lookup("AUTH_105") is xt_errors.lookup("StaleRequestError") is mc.AUTH_105
    assert xt_errors.lookup(429) is xt_errors.lookup("429") is xt_errors.HttpStatus.TOO_MANY_REQUESTS
    assert xt_errors.lookup("RateLimitError") is xt_errors.HttpStatus.TOO_MANY_REQUESTS
    assert xt_errors.lookup("auth_105") is mc.AUTH_105
    with pytest.raises(KeyError, match="AUTH_105"):  # a near miss is suggested
        xt_errors.lookup("AUTH_10")
    with pytest.raises(KeyError, match="several"):
        xt_errors.lookup("InsufficientFundsError")
    for key in (None, 1.5, b"AUTH_105", True):
        with pytest.raises(TypeError):
            xt_errors.lookup(key)
    with pytest.raises(KeyError):
        xt_errors.lookup(10**5000)


def test_integer_message_codes_match_as_int_or_str(tmp_path):
    package = package_of([("mc", "message code", [("1001", "must be more than {0}"), ("1002", "Too frequent")])], tmp_path)
    code = (
        "import pickle, xt_errors as x\n"
        "deep = 1\n"
        "for _ in range(100000): deep = [deep]\n"
        "for mc in (1001, '1001', 1001, '1001'):\n"
        "    for ma in ([5], [10**5000], [deep]):\n"
        "        try: x.raise_for_response(200, {'rc': 1, 'mc': mc, 'ma': ma})\n"
        "        except x.XTError as e: print(type(e).__name__, str(e)[:40], len(pickle.dumps(e)) > 0)\n"
        "for mc in (True, 1001.0):\n"
        "    try: x.raise_for_response(200, {'rc': 1, 'mc': mc})\n"
        "    except x.XTError as e: print(type(e).__name__)\n"
    )
    lines = run_python(code, package).stdout.splitlines()
    assert lines[0] == "Code1001Error 1001: must be more than 5. See https://x True"
    assert len(lines) == 14 and all(line.startswith("Code1001Error 1001: must be more than ") for line in lines[:12])
    assert lines[12:] == ["MalformedResponseError", "MalformedResponseError"]  # true and 1001.0 are not codes


def test_futures_error_codes_and_xts_own_words(tmp_path):
    package_from(FUTURES_COPY_PAGE, tmp_path)
    edit(tmp_path / "spec" / "catalog.yaml", "role: message_code", "role: error_code")
    package = package_from(FUTURES_COPY_PAGE, tmp_path)
    code = (
        "import xt_errors as x\n"
        "from xt_errors import _codes\n"
        "print(_codes.ERROR_CODE_ENUMS == (x.StatusCode,), _codes.MESSAGE_CODE_ENUMS)\n"
        "for msg in ('Symbol illegal', 'symbol btc_xyz is not listed', None):\n"
        "    body = {'returnCode': 1, 'msgInfo': 'failure', 'error': {'code': 'invalid_symbol', 'msg': msg}, 'result': None}\n"
        "    try: x.raise_for_response(200, body)\n"
        "    except x.XTError as e: print(type(e).__name__, '|', repr(e), '|', e.mc is x.StatusCode.invalid_symbol)\n"
        "try: x.raise_for_response(200, {'rc': 1, 'mc': 'invalid_symbol'})\n"
        "except x.XTError as e: print(type(e).__name__)\n"
    )
    result = run_python(code, package)
    assert result.stdout.splitlines() == [
        "True ()",
        "InvalidSymbolError | InvalidSymbolError('invalid_symbol: Symbol illegal') | True",
        "InvalidSymbolError | InvalidSymbolError('invalid_symbol: Symbol illegal (XT: symbol btc_xyz is not listed)') | True",
        "InvalidSymbolError | InvalidSymbolError('invalid_symbol: Symbol illegal') | True",
        "UnknownCodeError",  # an error code is not a spot `mc`
    ], result.stderr


def test_every_member_answers_every_question_it_has():
    # Codes seen in responses name no page: no endpoint text either (test_fetch: retired ones).
    import inspect

    from xt_errors._codes import TABLES

    for table in TABLES:
        questions = [name for name, value in inspect.getmembers(table) if isinstance(value, property)]
        for member in table:
            answers = {name: getattr(member, name) for name in questions}
            for texts in ("endpoint_texts", "endpoint_texts_zh"):
                if texts in answers:
                    assert set(answers[texts]) <= set(member.endpoints), (member, texts)
