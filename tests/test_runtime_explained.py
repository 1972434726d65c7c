"""Errors that explain themselves: a traceback's last line links the code's entry, and every error has a hint."""

from __future__ import annotations

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
    # none where there is none to give
    assert xt_errors.XTError("boom").hint is None
    assert raised(200, b'{"rc":1,"mc":"AUTH_999"}').hint is None
    assert raised(200, b"not json").hint is None


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
