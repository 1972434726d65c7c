"""`xt-errors CODE` (the console script) and `python -m xt_errors`, as a user runs them, in English and in Chinese."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import xt_errors
from tests.conftest import ROOT, run_cli


@pytest.fixture(params=["script", "module"])
def cli(request):
    """The command, run either way: the installed `xt-errors` script or `python -m xt_errors`."""
    return lambda *args: run_cli(*args, script=request.param == "script")


def test_explains_a_code_by_value_or_class_name(cli):
    for key in ("AUTH_105", "auth105", "StaleRequestError"):
        shown = cli(key)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.startswith("AUTH_105: outdated message") and "xt_errors.StaleRequestError" in shown.stdout


def test_json(cli):
    shown = cli("429", "--json")
    (record,) = json.loads(shown.stdout)
    assert record["code"] == 429 and record["exception"] == "RateLimitError" and record["retryable"] is True
    assert record["docs_url"] == xt_errors.HttpStatus(429).docs_url
    listed = json.loads(cli("--list", "--json").stdout)
    enums = (xt_errors.HttpStatus, xt_errors.ReturnCode, xt_errors.MessageCode, xt_errors.FuturesErrorCode, xt_errors.WebSocketCode, xt_errors.WebSocketText)
    assert len(listed) == sum(len(enum) for enum in enums)


def test_kinds_and_version(cli):
    kinds = cli("--kinds")
    assert kinds.returncode == 0 and "rate_limit (xt_errors.RateLimitError)" in kinds.stdout
    assert "AUTH_105" in kinds.stdout
    by_json = {k["kind"]: k for k in json.loads(cli("--kinds", "--json").stdout)}
    assert "AUTH_105" in by_json["authentication"]["codes"]
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("xt-errors ")


def test_an_empty_code_is_one_line(cli):
    shown = cli("  ")
    assert shown.returncode == 2 and shown.stderr.strip().endswith("the code is empty")
    assert len(shown.stderr.strip().splitlines()) == 1


def test_unknown_codes_suggest_near_ones(cli):
    unknown = cli("AUTH_10")
    assert unknown.returncode == 1 and "AUTH_105" in unknown.stderr and not unknown.stdout
    assert cli().returncode == 2


def test_explain_command(cli):
    shown = cli("auth_105")
    assert shown.returncode == 0
    for words in ("outdated message", "AUTH", "authentication", "retry:", "StaleRequestError", "#auth_105", "clock"):
        assert words in shown.stdout
    unknown = cli("AUTH_10")
    assert unknown.returncode == 1 and "AUTH_105" in unknown.stderr
    listing = cli("--list")
    assert listing.returncode == 0 and "InsufficientLeverageCapitalError" in listing.stdout


# -- in Chinese ----------------------------------------------------------------------


def test_cli_explains_in_chinese_and_shows_both_texts(cli):
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


def test_cli_lists_in_chinese_and_json_carries_both_languages(cli):
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
