"""`xt_errors.lookup_all`: every code a value names, table by table, beside `lookup`'s one."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xt_errors
from tests.conftest import PACKAGE, run_python
from xt_errors import _codes

EVERY_CODE = [member for table in _codes.TABLES for member in table]


def test_400_is_an_http_status_a_futures_error_code_and_a_websocket_code():
    three = (xt_errors.HttpStatus.BAD_REQUEST, xt_errors.FuturesErrorCode.CODE_400, xt_errors.WebSocketCode.BAD_REQUEST_PAYLOAD)
    assert xt_errors.lookup_all("400") == xt_errors.lookup_all(400) == xt_errors.lookup_all(" 400 ") == three
    assert [type(member) for member in three] == [xt_errors.HttpStatus, xt_errors.FuturesErrorCode, xt_errors.WebSocketCode]
    assert xt_errors.lookup(400) is three[0]  # lookup keeps its contract: the HTTP status first
    assert xt_errors.lookup_all(1) == (xt_errors.ReturnCode.FAILURE, xt_errors.WebSocketCode.FAILURE)


def test_a_code_any_way_it_is_typed_and_a_class_by_its_name():
    auth_105 = (xt_errors.MessageCode.AUTH_105,)
    for key in ("AUTH_105", "auth_105", "auth105", "Auth-105", "StaleRequestError"):
        assert xt_errors.lookup_all(key) == auth_105, key
    assert xt_errors.lookup_all("invalid state") == (xt_errors.lookup("invalid_state"),)  # another spelling XT's pages use
    insufficient = xt_errors.lookup_all("InsufficientFundsError")  # every code of that meaning, table by table
    assert insufficient == tuple(m for m in EVERY_CODE if m.kind == "insufficient_funds") and len(insufficient) > 3
    assert xt_errors.lookup_all("AuthError") == tuple(m for m in xt_errors.MessageCode if m.family == "AUTH")


def test_nothing_matches_gives_nothing_and_a_wrong_key_a_type_error():
    for key in ("NOPE_001", "", "  ", "UnknownAuthError", 10**5000, -(10**12), "x" * 100_000):
        assert xt_errors.lookup_all(key) == ()
    for key in (None, 1.5, b"400", True, ["400"]):
        with pytest.raises(TypeError, match=r"lookup_all\(\) takes a code or class name"):
            xt_errors.lookup_all(key)


def _keys():
    """What people look codes up by: values as written, in other cases, as numbers, class names."""
    values = [str(member.value) for member in EVERY_CODE]
    classes = [member.exception.__name__ for member in EVERY_CODE if member.exception is not None]
    return st.one_of(
        st.sampled_from(values),
        st.sampled_from(values).map(str.lower),
        st.sampled_from(values).map(str.upper),
        st.sampled_from([member.value for member in EVERY_CODE if isinstance(member.value, int)]),
        st.sampled_from(classes),
        st.sampled_from(sorted(_codes.SPELLINGS)),
        st.text(max_size=12),
        st.integers(),
    )


@settings(max_examples=400, deadline=None)
@given(_keys())
def test_whatever_lookup_finds_lookup_all_finds_too(key):
    found = xt_errors.lookup_all(key)
    assert all(isinstance(member, _codes.TABLES) for member in found)
    assert len(set(map(id, found))) == len(found)
    order = [_codes.TABLES.index(type(member)) for member in found]
    assert order == sorted(order)  # table by table
    try:
        one = xt_errors.lookup(key)
    except KeyError:
        return
    assert any(member is one for member in found)


def test_every_code_is_found_by_its_value_among_the_others_of_that_value():
    for member in EVERY_CODE:
        found = xt_errors.lookup_all(member.value)
        assert any(candidate is member for candidate in found)
        assert {str(candidate.value) for candidate in found} == {str(member.value)}


def test_lookup_all_is_exported_loaded_on_first_use_and_typed():
    assert "lookup_all" in xt_errors.__all__
    shown = run_python(
        "import sys, xt_errors\n"
        "print('xt_errors._lookup' in sys.modules)\n"
        "print([str(m.value) for m in xt_errors.lookup_all('400')], 'xt_errors._lookup' in sys.modules)\n",
        PACKAGE,
    )
    assert shown.stdout.splitlines() == ["False", "['400', '400', '400'] True"], shown.stderr
    stub = (PACKAGE / "xt_errors" / "__init__.pyi").read_text(encoding="utf-8")
    assert "from xt_errors._lookup import lookup_all as lookup_all" in stub


def test_errors_for_refuses_what_is_no_endpoint_with_a_type_error():
    for endpoint in (["--"], None, 5, {"path": "/x"}):
        with pytest.raises(TypeError, match=r"errors_for\(\) takes an endpoint as a str"):
            xt_errors.errors_for(endpoint)  # type: ignore[arg-type]
