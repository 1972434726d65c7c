"""XT's Chinese texts in the package and the CLI, as a Chinese-reading trader uses them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import xt_errors
from tests.conftest import ROOT

WITHDRAW_021 = {"rc": 1, "mc": "WITHDRAW_021", "ma": ["5 BTC"], "result": None}


def run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`code` in a fresh interpreter: the process-wide language starts unset there."""
    environment = {k: v for k, v in os.environ.items() if k != "XT_ERRORS_LANGUAGE"}
    return subprocess.run(
        [sys.executable, "-c", code], env={**environment, **env}, capture_output=True, text=True, timeout=60
    )


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
    result = run(
        "import xt_errors as x\n"
        "assert x.get_language() == 'en'\n"
        "x.set_language('zh')\n"
        "try: x.raise_for_response(200, {'rc': 1, 'mc': 'ORDER_002'})\n"
        "except x.XTError as e: print(e); print(repr(e))\n"
        "x.set_language('en')\n"
        "try: x.raise_for_response(200, {'rc': 1, 'mc': 'ORDER_002'})\n"
        "except x.XTError as e: print(e)\n"
    )
    assert result.stdout.splitlines() == [
        "ORDER_002: 资金不足",
        "OrderInsufficientFundsError('ORDER_002: 资金不足')",
        "ORDER_002: insufficient funds",
    ], result.stderr


@pytest.mark.parametrize(("value", "expected"), [("zh", "资金不足"), ("zh_CN", "资金不足"), ("en", "insufficient funds"), ("klingon", "insufficient funds")])
def test_process_wide_choice_by_environment(value, expected):
    result = run(
        "import xt_errors as x\n"
        "try: x.raise_for_response(200, b'{\"rc\": 1, \"mc\": \"ORDER_002\"}')\n"
        "except x.XTError as e: print(e.message)\n",
        XT_ERRORS_LANGUAGE=value,
    )
    assert result.stdout.strip() == expected, result.stderr


def test_chinese_texts_cost_nothing_until_asked_for():
    result = run(
        "import sys, xt_errors as x\n"
        "try: x.raise_for_response(200, {'rc': 1, 'mc': 'AUTH_105'})\n"
        "except x.XTError as e: str(e)\n"
        "print('xt_errors._catalog_zh' in sys.modules)\n"
        "x.MessageCode.AUTH_105.description_zh\n"
        "print('xt_errors._catalog_zh' in sys.modules)\n"
    )
    assert result.stdout.split() == ["False", "True"], result.stderr


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "XT_ERRORS_LANGUAGE"}
    return subprocess.run(
        [sys.executable, "-m", "xt_errors", *args], capture_output=True, text=True, env=environment, timeout=60
    )


def test_cli_explains_in_chinese_and_shows_both_texts():
    shown = cli("AUTH_105", "--lang", "zh")
    assert shown.returncode == 0, shown.stderr
    first, second = shown.stdout.splitlines()[:2]
    assert first == "AUTH_105: 报文过时"
    assert second.split() == ["English:", "outdated", "message"]
    english = cli("AUTH_105")
    assert english.stdout.splitlines()[0] == "AUTH_105: outdated message"
    assert "报文过时" in english.stdout
    # Where a product's page says something else, the CLI shows it per product.
    assert "futures: 成功" in cli("200", "--lang", "zh").stdout


def test_cli_lists_in_chinese_and_json_carries_both_languages():
    listing = cli("--list", "--lang", "zh")
    assert listing.returncode == 0
    assert any("ORDER_002" in line and "资金不足" in line for line in listing.stdout.splitlines())
    (record,) = json.loads(cli("ORDER_002", "--json").stdout)
    assert record["description"] == "insufficient funds" and record["description_zh"] == "资金不足"
    assert record["products"] == ["spot", "spot_copy_trading"]
    assert cli("AUTH_105", "--lang", "fr").returncode == 2


@pytest.mark.parametrize(
    ("arguments", "reader", "first"),
    [
        ("--list --json", "head -n 1", "["),  # 200 kB of JSON: far more than a pipe holds
        ("--list --lang zh", "head -n 1", "HttpStatus:"),  # fits the buffer: breaks at the final flush
        ("AUTH_105", "true", ""),
    ],
)
def test_cli_output_cut_short_by_a_pipe_is_not_an_error(arguments, reader, first):
    # Buffered as in a user's shell: PYTHONUNBUFFERED would hide a failing final flush.
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    command = f"{sys.executable} -m xt_errors {arguments} | {reader}; echo status=${{PIPESTATUS[0]}} >&2"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.stdout.strip() == first
    assert result.stderr.strip() == "status=0"  # no warning, no traceback


def test_cli_on_a_console_that_cannot_show_chinese():
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    result = subprocess.run(
        [sys.executable, "-m", "xt_errors", "AUTH_105", "--lang", "zh"], capture_output=True, env=env, cwd=ROOT
    )
    assert result.returncode == 0 and not result.stderr
    assert result.stdout.startswith(b"AUTH_105: \\u62a5\\u6587")  # 报文, escaped
