"""XT's Chinese texts at run time: per call, per process (set_language, XT_ERRORS_LANGUAGE), loaded only when asked for."""

from __future__ import annotations

import pytest

import xt_errors
from tests.conftest import PACKAGE, run_python

WITHDRAW_021 = {"rc": 1, "mc": "WITHDRAW_021", "ma": ["5 BTC"], "result": None}


def test_members_keep_english_descriptions_and_give_chinese_on_request():
    member = xt_errors.MessageCode.ORDER_004
    assert member.description == "no transaction"
    assert member.description_zh == "禁止交易"
    assert xt_errors.MessageCode.SYMBOL_002.description_zh == "交易对未开盘"
    assert xt_errors.MessageCode.LEVER_ORDER_082.description_zh == "当前穿仓，暂不支持操作"


def test_message_per_call_in_either_language_with_placeholders_filled():
    with pytest.raises(xt_errors.XTError) as caught:
        xt_errors.raise_for_response(200, WITHDRAW_021)
    error = caught.value
    assert error.message_in("zh") == "您今日提现额度已达上限，本次最多只能提现5 BTC"
    assert error.message_in("en").endswith("you can only withdraw up to 5 BTC this time")
    assert error.message_in("zh-CN") == error.message_in("zh")
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        error.message_in("fr")
    with pytest.raises(TypeError):
        error.message_in(None)  # type: ignore[arg-type]


def test_process_wide_choice_by_setter():
    result = run_python(
        "import xt_errors as x\n"
        "assert x.get_language() == 'en'\n"
        "x.set_language('zh')\n"
        "try: x.raise_for_response(200, {'rc': 1, 'mc': 'ORDER_002'})\n"
        "except x.XTError as e: print(e); print(repr(e))\n"
        "x.set_language('en')\n"
        "try: x.raise_for_response(200, {'rc': 1, 'mc': 'ORDER_002'})\n"
        "except x.XTError as e: print(e)\n",
        PACKAGE,
    )
    assert result.stdout.splitlines() == [
        f"ORDER_002: 资金不足。详见 {xt_errors.MessageCode.ORDER_002.docs_url_zh}",
        "OrderInsufficientFundsError('ORDER_002: 资金不足')",
        f"ORDER_002: insufficient funds. See {xt_errors.MessageCode.ORDER_002.docs_url}",
    ], result.stderr


@pytest.mark.parametrize(("value", "expected"), [("zh", "资金不足"), ("zh_CN", "资金不足"), ("en", "insufficient funds"), ("klingon", "insufficient funds")])
def test_process_wide_choice_by_environment(value, expected):
    result = run_python(
        "import xt_errors as x\n"
        "try: x.raise_for_response(200, b'{\"rc\": 1, \"mc\": \"ORDER_002\"}')\n"
        "except x.XTError as e: print(e.message)\n",
        PACKAGE,
        env={"XT_ERRORS_LANGUAGE": value},
    )
    assert result.stdout.strip() == expected, result.stderr


def test_chinese_texts_cost_nothing_until_asked_for():
    result = run_python(
        "import sys, xt_errors as x\n"
        "try: x.raise_for_response(200, {'rc': 1, 'mc': 'AUTH_105'})\n"
        "except x.XTError as e: str(e)\n"
        "print('xt_errors._catalog_zh' in sys.modules)\n"
        "x.MessageCode.AUTH_105.description_zh\n"
        "print('xt_errors._catalog_zh' in sys.modules)\n",
        PACKAGE,
    )
    assert result.stdout.split() == ["False", "True"], result.stderr
