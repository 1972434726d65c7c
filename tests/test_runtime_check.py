"""The check (xt_errors.raise_for_response) and the enums, used as a trader would use them."""

from __future__ import annotations

import json
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xt_errors

# Each meaning and family, and its class, as the package defines them.
MEANINGS = {kind: getattr(xt_errors, name) for kind, name in xt_errors._codes.KIND_CLASSES.items()}
FAMILIES = {family: getattr(xt_errors, name) for family, name in xt_errors._codes.FAMILY_CLASSES.items()}


def test_enums_like_http_status():
    mc = xt_errors.MessageCode
    assert mc("AUTH_105") is mc.AUTH_105 == "AUTH_105"
    assert list(mc)[:3] == [mc.SUCCESS, mc.FAILURE, mc.AUTH_001]
    assert mc.AUTH_105.description == "outdated message"
    assert mc.LEVER_ORDER_006.family == "LEVER_ORDER" and mc.SUCCESS.family is None
    assert mc.AUTH_105.docs_url.endswith("#auth_105")
    assert mc.AUTH_105.exception is xt_errors.StaleRequestError
    assert mc.SUCCESS.exception is None
    assert xt_errors.HttpStatus(429) is xt_errors.HttpStatus.TOO_MANY_REQUESTS
    assert xt_errors.HttpStatus(429).exception is xt_errors.RateLimitError
    assert xt_errors.HttpStatus(503).exception is xt_errors.ServiceUnavailableError
    assert xt_errors.ReturnCode(1) is xt_errors.ReturnCode.FAILURE
    assert xt_errors.HttpStatus.SERVICE_UNAVAILABLE.retryable is True


def test_one_class_per_error_code_named_in_the_spec():
    classes = [m.exception for table in (xt_errors.HttpStatus, xt_errors.ReturnCode, xt_errors.MessageCode) for m in table if m.exception]
    assert len(classes) == len(set(classes))
    assert xt_errors.MessageCode.LEVER_ORDER_006.exception.__name__ == "InsufficientLeverageCapitalError"
    doc = xt_errors.InsufficientLeverageCapitalError.__doc__
    assert "Insufficient leverage capital." in doc and "#lever_order_006" in doc
    assert "may or may not" in xt_errors.OutcomeUnknownError.__doc__


@pytest.mark.parametrize("member", [m for m in xt_errors.MessageCode if m.exception], ids=str)
def test_every_message_code_raises_its_class_family_and_meaning(member):
    body = json.dumps({"rc": 1, "mc": str(member), "ma": [], "result": None}).encode()
    with pytest.raises(xt_errors.XTError) as caught:
        xt_errors.raise_for_response(200, body)
    error = caught.value
    assert type(error) is member.exception
    if member.family:
        assert isinstance(error, FAMILIES[member.family])
    if member.kind in MEANINGS:
        assert isinstance(error, MEANINGS[member.kind])
    assert error.mc is member and error.rc == 1 and error.http_status == 200
    assert error.message == member.description and error.docs_url == member.docs_url
    assert error.body == body and error.retryable == member.retryable


def test_response_rules():
    check = xt_errors.raise_for_response
    assert check(200, {"rc": 0, "mc": "SUCCESS", "ma": [], "result": {"id": 7}}) == {"id": 7}
    assert check(200, '{"rc":0,"mc":"SUCCESS","result":[1]}') == [1]
    with pytest.raises(xt_errors.StaleRequestError) as caught:
        check(401, b'{"rc":1,"mc":"AUTH_105"}')
    assert caught.value.http_status == 401
    with pytest.raises(xt_errors.ServiceUnavailableError) as unavailable:
        check(503, b"<html>down</html>")
    assert isinstance(unavailable.value, xt_errors.OutcomeUnknownError)
    with pytest.raises(xt_errors.BadGatewayError) as gateway:
        check(502, b"")
    assert isinstance(gateway.value, xt_errors.ServiceUnavailableError)
    with pytest.raises(xt_errors.RateLimitError) as limited:
        check(429, None, {"Retry-After": "7"})
    assert limited.value.retry_after == 7.0
    with pytest.raises(xt_errors.HttpError) as teapot:
        check(418, "")
    assert teapot.value.http_status == 418
    with pytest.raises(xt_errors.UnknownCodeError) as unknown:
        check(200, {"rc": 1, "mc": "AUTH_999"})
    assert unknown.value.mc == "AUTH_999" and isinstance(unknown.value, xt_errors.AuthError)
    for bad in (b'{"rc": 1, "mc": "AU', b"[1, 2]", b"\xff\xfe", "not json"):
        with pytest.raises(xt_errors.MalformedResponseError) as malformed:
            check(200, bad)
        assert malformed.value.http_status == 200 and malformed.value.body
    with pytest.raises(xt_errors.BusinessFailureError):
        check(200, {"rc": 1})


@given(st.one_of(st.none(), st.binary(max_size=40), st.text(max_size=40), st.dictionaries(st.sampled_from(["rc", "mc", "ma", "result", "returnCode", "error"]), st.one_of(st.none(), st.integers(), st.text(max_size=8), st.lists(st.integers(), max_size=2)))), st.integers(100, 599))
@settings(max_examples=300, deadline=None)
def test_nothing_but_xt_errors_escape(body, status):
    try:
        xt_errors.raise_for_response(status, body, {"Retry-After": "soon"})
    except xt_errors.XTError:
        pass


def _outcome(status, body):
    try:
        return ("returned", xt_errors.raise_for_response(status, body))
    except xt_errors.XTError as error:
        return (type(error), error.http_status, error.rc, error.mc, error.message)


@given(
    st.dictionaries(
        st.sampled_from(["rc", "mc", "ma", "result"]),
        st.one_of(
            st.none(),
            st.sampled_from([0, 1, 2]),
            st.sampled_from(["SUCCESS", "FAILURE", "AUTH_105", "LEVER_ORDER_006", "AUTH_999"]),
            st.lists(st.integers(), max_size=2),
        ),
    ),
    st.sampled_from([200, 401, 429, 503, 418]),
)
@settings(max_examples=300, deadline=None)
def test_parsed_and_raw_bodies_answer_alike(data, status):
    """The fast path for a parsed dict must agree with the full rules for its JSON text."""
    raw = _outcome(status, json.dumps(data).encode())
    for _ in range(2):  # the second time, a code met before takes the fast path
        assert _outcome(status, data) == raw


def test_errors_pickle():
    made = xt_errors.InsufficientLeverageCapitalError(http_status=200, rc=1, mc=xt_errors.MessageCode.LEVER_ORDER_006)
    with pytest.raises(xt_errors.XTError) as raised:
        xt_errors.raise_for_response(429, b"", {"Retry-After": "3"})
    fields = ("http_status", "rc", "mc", "message", "body", "retry_after", "retryable", "docs_url")
    for error in (made, raised.value):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert [getattr(again, f) for f in fields] == [getattr(error, f) for f in fields]
        assert str(again) == str(error)


@pytest.mark.parametrize("code", ["AUTH_9990", "LEVER_ORDER_9990", "NOFAMILY_9990", "invalid_thing_9990"])
def test_an_unknown_code_met_again_says_the_same_and_pickles_the_same(code):
    """A code the catalog does not list takes the fast path from its second
    meeting on (the body alone is kept): everything a program reads is what
    the first meeting said, pickled copies included."""
    fields = ("http_status", "rc", "mc", "message", "hint", "body", "retryable", "docs_url", "xt_args")

    def met() -> xt_errors.XTError:
        body = {"rc": 1, "mc": code, "ma": ["x"], "result": None}
        with pytest.raises(xt_errors.UnknownCodeError) as raised:
            xt_errors.raise_for_response(200, body)
        return raised.value

    first, again = met(), met()
    assert type(again) is type(first)
    assert [getattr(again, f) for f in fields] == [getattr(first, f) for f in fields]
    assert str(again) == str(first) and repr(again) == repr(first) and again.to_dict() == first.to_dict()
    assert again.mc == code and "is not in this catalog" in again.message
    for error in (first, again):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert [getattr(copy, f) for f in fields if f != "body"] == [getattr(first, f) for f in fields if f != "body"]
        assert str(copy) == str(first)
