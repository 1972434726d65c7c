"""Errors that explain themselves: a traceback's last line links the code's entry, and every error has a hint."""

from __future__ import annotations

import json
import pickle

import pytest

import xt_errors
from tests.conftest import PACKAGE, raised, run_python
from xt_errors import _codes

UNCAUGHT = "import xt_errors\nxt_errors.raise_for_response(200, b'{\"rc\":1,\"mc\":\"ORDER_002\",\"ma\":[],\"result\":null}')\n"


@pytest.mark.parametrize(
    ("language", "last_line"),
    [
        ("en", "xt_errors.OrderInsufficientFundsError: ORDER_002: insufficient funds. See {url}"),
        ("zh", "xt_errors.OrderInsufficientFundsError: ORDER_002: 资金不足。详见 {url}"),
    ],
)
def test_an_uncaught_error_ends_its_traceback_with_the_link(language, last_line):
    shown = run_python(UNCAUGHT, PACKAGE, env={"XT_ERRORS_LANGUAGE": language})
    assert shown.returncode == 1 and shown.stderr.startswith("Traceback")
    member = xt_errors.MessageCode.ORDER_002
    url = member.docs_url_zh if language == "zh" else member.docs_url
    assert url.endswith("#order_002")
    assert shown.stderr.splitlines()[-1] == last_line.format(url=url)


def test_the_message_stays_xts_text_and_str_one_line():
    error = raised(200, b'{"rc":1,"mc":"ORDER_002"}')
    assert error.message == "insufficient funds"  # XT's text, unchanged
    assert str(error) == f"ORDER_002: insufficient funds. See {error.docs_url}"
    assert pickle.loads(pickle.dumps(error)).__str__() == str(error)
    # every documented code's error: one line, ending with its own entry
    for table in _codes.TABLES:
        for member in table:
            if member.exception is not None:
                text = str(member.exception())
                assert "\n" not in text and text.endswith(f" {member.docs_url}"), text


def test_an_error_made_by_hand_or_of_no_entry_prints_as_before():
    assert str(xt_errors.XTError("boom")) == "boom"
    assert str(xt_errors.XTError()) == ""
    unknown = raised(200, b'{"rc":1,"mc":"AUTH_999"}')
    assert "http" not in str(unknown) and str(unknown).startswith("AUTH_999: ")
    assert str(raised(200, b"")) == "HTTP 200: the body is not valid JSON"


def test_every_error_has_a_hint():
    error = raised(200, b'{"rc":1,"mc":"ORDER_002"}')
    assert error.hint == xt_errors.MessageCode.ORDER_002.hint and error.hint
    assert raised(429).hint == xt_errors.HttpStatus(429).hint
    # a code no catalog lists, that a fallback names: the hint of its meaning
    newcomer = raised(200, b'{"returnCode":1,"error":{"code":"margin_insufficient_now"}}')
    assert isinstance(newcomer, xt_errors.InsufficientFundsError)
    assert type(newcomer).__name__ == "UnknownInsufficientFundsError" and newcomer.code is None
    assert newcomer.hint == "Add funds or reduce the amount, then retry."  # the meaning's, in the catalog's kinds
    # a code no catalog lists, of a family with no meaning of its own: what to do about a new code
    family_newcomer = raised(200, b'{"rc":1,"mc":"AUTH_999"}')
    assert type(family_newcomer).__name__ == "UnknownAuthError"
    assert family_newcomer.hint == (
        "XT sent a code this catalog does not list yet: see XT's documentation for it, and upgrade xt-errors"
    )
    assert raised(200, b'{"rc":1,"mc":"NOFAMILY_1"}').hint == family_newcomer.hint  # a plain UnknownCodeError
    # an answer that could not be read: what to do when an order may have gone through
    for lost in (raised(200, b""), raised(200, b"not json"), raised(200, b'{"rc":0,"mc":"SUCC')):
        assert isinstance(lost, xt_errors.MalformedResponseError)
        assert lost.hint is not None and "could not be read" in lost.hint
        assert "query its state before sending it again" in lost.hint and "RetryPolicy" in lost.hint
    # none where there is none to give: a plain error made by hand
    assert xt_errors.XTError("boom").hint is None


def test_a_server_cannot_add_lines_to_str_or_repr():
    """XT's words (a futures `error.msg`, an unknown code) print on one line; `message` keeps them as sent."""
    breaks = ["\n", "\r\n", "\r", "\u2028", "\x0b", "\x85"]
    for line_break in breaks:
        said = f"bad price{line_break}2026-01-01 INFO order filled"
        body = json.dumps({"returnCode": 1, "error": {"code": "invalid_order", "msg": said}}).encode()
        error = raised(200, body)
        assert type(error).__name__ == "InvalidOrderError"
        assert said in error.message  # XT's raw words, for a program that reads them
        for shown in (str(error), repr(error)):
            assert len(shown.splitlines()) == 1, shown
            assert "bad price 2026-01-01 INFO order filled" in shown  # the break is one space
        unknown = raised(200, json.dumps({"rc": 1, "mc": f"AUTH_999{line_break}FAKE"}).encode())
        assert str(unknown).startswith("AUTH_999 FAKE: ") and len(repr(unknown).splitlines()) == 1
    made = xt_errors.XTError("first\r\nsecond\nthird")
    assert str(made) == "first second third" and repr(made) == "XTError('first second third')"
    assert made.message == "first\r\nsecond\nthird"


def test_a_retired_code_says_so_with_its_date():
    retired = xt_errors.MessageCode.ORDER_F0701
    assert retired.retired == "2022-09-28" and retired.removed == "2022-09-28"
    assert xt_errors.MessageCode.ORDER_002.retired is None
    error = raised(200, b'{"rc":1,"mc":"ORDER_F0701"}')
    assert str(error) == (
        "ORDER_F0701: Too many outstanding orders "
        f"[a retired code: XT dropped it from its documentation on 2022-09-28]. See {retired.docs_url}"
    )
    assert error.message == retired.description  # the note is str()'s, not the message's
