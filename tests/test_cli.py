"""`xt-errors CODE` (the console script) and `python -m xt_errors`, as a user runs them, in English and in Chinese."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import xt_errors
from tests.conftest import ROOT, run_cli
from xt_errors import _codes


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


@pytest.mark.parametrize("query", ["AUTH_9999", "ORDER_02", "BADCODE", "xyzzy", "insufficient", "余额不足", "Q" * 300])
def test_every_unknown_query_gets_suggestions_and_fails(cli, query):
    shown = cli(query)
    assert shown.returncode == 1 and not shown.stdout
    first = shown.stderr.splitlines()[0]
    assert "did you mean: " in first
    suggested = first.split("did you mean: ")[1].rstrip("?").split(", ")
    assert 1 <= len(suggested) <= 5
    for code in suggested:  # each one explains itself
        assert cli(code).returncode == 0, code
    assert "--search" in shown.stderr


def test_an_unknown_code_of_a_family_suggests_its_family():
    shown = run_cli("AUTH_9999")
    assert "did you mean: AUTH_" in shown.stderr
    assert "xt_errors.UnknownAuthError" in shown.stderr  # what XT sending it would raise
    # a plain word is suggested the codes whose texts match it, the best first
    assert "did you mean: ORDER_002, " in run_cli("insufficient").stderr


def test_json_errors_are_json(cli):
    for arguments, status, error in (
        (["--json", "BADCODE"], 1, "unknown code"),
        (["--json", "  "], 2, "empty code"),
        (["--json", "--endpoint", "GET /nowhere"], 1, "unknown endpoint"),
        (["--json", "--since", "yesterday"], 2, "bad date"),
    ):
        shown = cli(*arguments)
        assert shown.returncode == status and not shown.stderr
        answer = json.loads(shown.stdout)
        assert answer["error"] == error and answer["query"] == arguments[-1]
    answer = json.loads(cli("--json", "AUTH_9999").stdout)
    assert answer["suggestions"] and all(code.startswith("AUTH_") for code in answer["suggestions"])
    assert "UnknownAuthError" in answer["note"]


# -- classes, search -----------------------------------------------------------------


def _rows(stdout):
    """The codes a listing shows, one per indented line."""
    return [line.split()[0] for line in stdout.splitlines() if line.startswith("  ")]


def test_a_meaning_or_family_class_lists_its_codes(cli):
    shown = cli("InsufficientFundsError")
    assert shown.returncode == 0, shown.stderr
    codes = _rows(shown.stdout)
    assert "ORDER_002" in codes and "insufficient_balance" in codes
    assert set(codes) == {str(m.value) for t in _codes.TABLES for m in t if m.kind == "insufficient_funds"}
    line = next(line for line in shown.stdout.splitlines() if line.split()[:1] == ["ORDER_002"])
    assert line.split()[1:] == ["OrderInsufficientFundsError", "insufficient", "funds"]
    family = cli("autherror")  # case does not matter
    assert family.returncode == 0 and _rows(family.stdout) == [str(m.value) for m in xt_errors.MessageCode if m.family == "AUTH"]
    unknown = cli("UnknownAuthError")  # catches only codes not listed: shows the documented ones beside it
    assert unknown.returncode == 0 and "AuthError" in unknown.stdout and _rows(unknown.stdout) == _rows(family.stdout)
    as_json = json.loads(cli("InsufficientFundsError", "--json").stdout)
    assert [record["code"] for record in as_json] == codes
    # a class raised for one code alone still explains that code
    assert cli("StaleRequestError").stdout.startswith("AUTH_105: outdated message")


def test_search_in_english_finds_order_002_first(cli):
    shown = cli("--search", "insufficient")
    assert shown.returncode == 0, shown.stderr
    codes = _rows(shown.stdout)
    assert codes[0] == "ORDER_002"
    assert {"FUND_002", "TRANSFER_002", "insufficient_balance"} <= set(codes)
    assert cli("--search", "insufficient", "funds").stdout.splitlines()[1].split()[0] == "ORDER_002"
    records = json.loads(cli("--search", "INSUFFICIENT", "--json").stdout)
    assert records[0]["code"] == "ORDER_002" and records[0]["match"] == "word"
    exact = json.loads(cli("--search", "ORDER_002", "--json").stdout)
    assert exact[0]["code"] == "ORDER_002" and exact[0]["match"] == "code"
    one = cli("--search", "AUTH_105")
    assert one.returncode == 0 and one.stdout.splitlines()[0] == "1 code matches 'AUTH_105':"
    assert cli("--search", "insufficient").stdout.splitlines()[0].split()[1:3] == ["codes", "match"]


def test_a_search_nothing_matches_fails_with_suggestions(cli):
    nothing = cli("--search", "qwertyuiop")
    assert nothing.returncode == 1 and not nothing.stdout  # like an unknown code
    (line,) = nothing.stderr.splitlines()
    assert line.startswith("no code's text matches 'qwertyuiop'; did you mean: ") and line.endswith(" --list")
    suggested = line.split("did you mean: ")[1].split("?")[0].split(", ")
    assert suggested and all(cli(code).returncode == 0 for code in suggested)
    as_json = cli("--search", "qwertyuiop", "--json")
    assert as_json.returncode == 1 and not as_json.stderr
    answer = json.loads(as_json.stdout)
    assert answer["error"] == "no match" and answer["query"] == "qwertyuiop" and answer["suggestions"] == suggested
    in_chinese = cli("--search", "qwertyuiop", "--lang", "zh")
    assert in_chinese.returncode == 1 and in_chinese.stderr.startswith("没有代码的文本匹配 'qwertyuiop'；")


def test_an_endpoint_of_one_code_says_code():
    from xt_errors._catalog import ENDPOINTS

    counts = {endpoint: len(codes) for endpoint, codes in ENDPOINTS.items()}
    single = next(endpoint for endpoint, n in counts.items() if n == 1)
    several = next(endpoint for endpoint, n in counts.items() if n > 1)
    assert run_cli("--endpoint", single).stdout.splitlines()[0] == f"{single}: 1 code its page lists"
    assert run_cli("--endpoint", several).stdout.splitlines()[0] == f"{several}: {counts[several]} codes its page lists"


def test_json_keeps_chinese_readable(cli):
    shown = cli("FUND_002", "--json", "--lang", "zh")
    assert shown.returncode == 0 and '"description_zh": "余额不足"' in shown.stdout  # not \u4f59...
    assert json.loads(shown.stdout)[0]["description_zh"] == "余额不足"
    searched = cli("--search", "余额不足", "--json")
    assert "余额不足" in searched.stdout and "\\u" not in searched.stdout
    unknown = cli("--json", "余额不足x")
    assert unknown.returncode == 1 and json.loads(unknown.stdout)["query"] == "余额不足x" and "余额不足x" in unknown.stdout


def test_json_on_a_console_that_cannot_show_chinese_is_still_json():
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    for arguments in (["FUND_002", "--json"], ["--search", "\U0001f600", "--json"]):
        result = subprocess.run([sys.executable, "-m", "xt_errors", *arguments], capture_output=True, env=env, cwd=ROOT)
        assert result.returncode in (0, 1) and not result.stderr
        assert result.stdout.isascii()
        json.loads(result.stdout)  # JSON's \u escapes, never backslashreplace's \U
    shown = subprocess.run([sys.executable, "-m", "xt_errors", "FUND_002", "--json"], capture_output=True, env=env, cwd=ROOT)
    assert json.loads(shown.stdout)[0]["description_zh"] == "余额不足"


@pytest.mark.parametrize("arguments", [["--json", "--bogus"], ["--bogus", "--json"], ["--js", "--lang", "fr", "AUTH_105"]])
def test_a_usage_error_with_json_is_json(cli, arguments):
    shown = cli(*arguments)
    assert shown.returncode == 2 and not shown.stderr
    answer = json.loads(shown.stdout)
    assert answer["error"] == "bad usage" and answer["usage"].startswith("usage: ")
    assert ("--bogus" if "--bogus" in arguments else "'fr'") in answer["message"]
    # without --json, argparse's usage text on stderr, as before
    plain = cli(*(argument for argument in arguments if not argument.startswith("--j")))
    assert plain.returncode == 2 and not plain.stdout and "usage: " in plain.stderr


def test_search_in_chinese_finds_order_002_too(cli):
    shown = cli("--search", "余额不足")
    assert shown.returncode == 0, shown.stderr
    codes = _rows(shown.stdout)
    assert codes[:2] == ["FUND_002", "TRANSFER_002"] and "ORDER_002" in codes  # by text, then by meaning
    assert "余额不足" in shown.stdout and "资金不足" in shown.stdout  # a Chinese query shows the Chinese texts
    records = {r["code"]: r["match"] for r in json.loads(cli("--search", "余额不足", "--json").stdout)}
    assert records["FUND_002"] == "chinese" and records["ORDER_002"] == "meaning"
    helped = cli("--help").stdout
    assert "search:" in helped and "whole words" in helped and "Chinese" in helped


# -- lines, languages, retirement ----------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh"])
def test_listings_stay_within_100_columns(language):
    import unicodedata

    def columns(line):
        return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)

    for arguments in (["--list"], ["--search", "order"], ["InsufficientFundsError"], ["--endpoint", "POST /future/trade/v1/order/create"]):
        shown = run_cli(*arguments, "--lang", language)
        assert shown.returncode == 0, shown.stderr
        lines = shown.stdout.splitlines()
        assert len(lines) > 5 and max(map(columns, lines)) <= 100, max(lines, key=columns)
    listing = run_cli("--list", "--lang", language).stdout
    assert any(line.endswith("…") for line in listing.splitlines())  # long texts are cut, visibly


def test_lang_zh_translates_the_clis_own_words():
    english, chinese = run_cli("AUTH_105").stdout, run_cli("AUTH_105", "--lang", "zh").stdout
    assert "retry:        no" in english
    assert "可重试:" in chinese and "否" in chinese and " no\n" not in chinese and "retry" not in chinese
    assert "是，稍候再试" in run_cli("429", "--lang", "zh").stdout
    assert "无：此代码表示成功" in run_cli("200", "--lang", "zh").stdout
    assert "亦可捕获为" in chinese and "also caught as" not in chinese
    assert "个代码" in run_cli("InsufficientFundsError", "--lang", "zh").stdout
    assert "未知的代码" in run_cli("BADCODE", "--lang", "zh").stderr
    assert "处理建议:" in run_cli("--kinds", "--lang", "zh").stdout


def test_a_retired_code_says_so_with_its_date(cli):
    shown = cli("ORDER_F0701")
    assert shown.returncode == 0
    assert "  retired:      yes: XT dropped it from its documentation on 2022-09-28" in shown.stdout
    assert "已停用:" in cli("ORDER_F0701", "--lang", "zh").stdout and "2022-09-28" in cli("ORDER_F0701", "--lang", "zh").stdout
    assert "retired" not in cli("ORDER_002").stdout
    (record,) = json.loads(cli("ORDER_F0701", "--json").stdout)
    assert record["retired"] == "2022-09-28"
    assert json.loads(cli("ORDER_002", "--json").stdout)[0]["retired"] is None
    listed = next(line for line in cli("--list").stdout.splitlines() if line.split()[:1] == ["ORDER_F0701"])
    assert "[retired 2022-09-28]" in listed


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
