"""`xt-errors CODE` (the console script) and `python -m xt_errors`, as a user runs them, in English and in Chinese."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xt_errors
from tests.conftest import PACKAGE, ROOT, one_line_error, run_cli, run_python
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
    assert family.stdout.startswith("xt_errors.AuthError: any code of the AUTH family: grouped by XT's naming, not by meaning\n")
    assert cli("AuthError", "--lang", "zh").stdout.startswith("xt_errors.AuthError: AUTH 分组的任意代码：按 XT 的命名归组，而非按含义\n")
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

    counts = {endpoint: len(codes) for endpoint, (_product, codes) in ENDPOINTS.items()}
    single = next(endpoint for endpoint, n in counts.items() if n == 1)
    several = next(endpoint for endpoint, n in counts.items() if n > 1)
    assert run_cli("--endpoint", single).stdout.splitlines()[0] == f"{single}: 1 code its page lists"
    assert run_cli("--endpoint", several).stdout.splitlines()[0] == f"{several}: {counts[several]} codes its page lists"


def test_an_endpoint_lists_its_own_codes_then_its_products_general_ones():
    import xt_errors
    from xt_errors._catalog import ENDPOINTS

    endpoint = next(endpoint for endpoint, (_product, codes) in ENDPOINTS.items() if codes)
    answer = xt_errors.errors_for(endpoint)
    assert answer.own and answer.general and answer.products == (ENDPOINTS[endpoint][0],)
    shown = run_cli("--endpoint", endpoint).stdout.splitlines()
    header = 1 + len(answer.own)
    assert shown[header].startswith(f"and {len(answer.general)} codes every endpoint of ")
    assert len(shown) == header + 1 + len(answer.general)
    records = json.loads(run_cli("--endpoint", endpoint, "--json").stdout)
    assert [record["listed"] for record in records] == ["own"] * len(answer.own) + ["general"] * len(answer.general)
    assert all("endpoint_text" in record for record in records[: len(answer.own)])


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
    assert second.split() == ["英文:", "outdated", "message"]  # the label in Chinese, XT's English text
    english = cli("AUTH_105")
    assert english.stdout.splitlines()[0] == "AUTH_105: outdated message"
    assert "报文过时" in english.stdout
    # Where a product's page says something else, the CLI shows it per product.
    assert "合约跟单: 成功" in cli("200", "--lang", "zh").stdout


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


# -- one value, every code it names ---------------------------------------------------


def _blocks(stdout):
    """The explanations of a listing of several codes: the enum row of each, in order."""
    return [line.split()[-1] for line in stdout.splitlines() if line.lstrip().startswith(("enum:", "枚举:"))]


def test_400_lists_its_three_meanings_table_by_table(cli):
    shown = cli("400")
    assert shown.returncode == 0, shown.stderr
    first = shown.stdout.splitlines()[0]
    assert first == "400 names 3 codes, one per table: HTTP status, futures error code (error.code), WebSocket code"
    assert _blocks(shown.stdout) == ["HttpStatus.BAD_REQUEST", "FuturesErrorCode.CODE_400", "WebSocketCode.BAD_REQUEST_PAYLOAD"]
    channels = [line.split(":", 1)[1].strip() for line in shown.stdout.splitlines() if line.startswith("  channel:")]
    assert channels == ["HTTP status", "futures error code (error.code)", "WebSocket code"]
    records = json.loads(cli("400", "--json").stdout)
    assert [(r["table"], r["code"], r["channel"], r["channel_zh"]) for r in records] == [
        ("HttpStatus", 400, "HTTP status", "HTTP 状态码"),
        ("FuturesErrorCode", "400", "futures error code (error.code)", "合约错误码（error.code）"),
        ("WebSocketCode", 400, "WebSocket code", "WebSocket 代码"),
    ]
    chinese = cli("400", "--lang", "zh").stdout
    assert chinese.splitlines()[0] == "400 对应 3 个代码，每个表一个：HTTP 状态码、合约错误码（error.code）、WebSocket 代码"
    assert _blocks(chinese) == _blocks(shown.stdout) and "channel" not in chinese


def test_1_is_a_return_code_and_a_websocket_code(cli):
    shown = cli("1")
    assert shown.stdout.startswith("1 names 2 codes, one per table: return code (rc), WebSocket code\n")
    assert _blocks(shown.stdout) == ["ReturnCode.FAILURE", "WebSocketCode.FAILURE"]
    # one code alone has no such line, and says its channel too
    alone = cli("AUTH_105").stdout
    assert alone.startswith("AUTH_105: outdated message\n") and "  channel:      message code (mc)\n" in alone


# -- what people paste ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("pasted", "read_as", "enum"),
    [
        ("ORDER_002: insufficient funds", "read as the code ORDER_002 and its text", "MessageCode.ORDER_002"),
        (
            "xt_errors.StaleRequestError: AUTH_105: outdated message. See https://xt-errors.readthedocs.io/x#auth_105",
            "read as a traceback's last line: xt_errors.StaleRequestError",
            "MessageCode.AUTH_105",
        ),
        (
            "Traceback (most recent call last):\n  File \"bot.py\", line 9, in <module>\n"
            "xt_errors.BadRequestPayloadError: 400: Bad request payload. Please check it.",
            "read as a traceback's last line: xt_errors.BadRequestPayloadError",
            "WebSocketCode.BAD_REQUEST_PAYLOAD",  # the class says which of the three 400s
        ),
        ("HTTP 400: blocked", "read as the code 400 and its text", "HttpStatus.BAD_REQUEST"),
        ("400: Bad request payload. Please check it.", "read as the code 400 and its text", "WebSocketCode.BAD_REQUEST_PAYLOAD"),
        ("<class 'xt_errors.StaleRequestError'>", "read as the class xt_errors.StaleRequestError", "MessageCode.AUTH_105"),
        ("xt_errors._classes.StaleRequestError.StaleRequestError", "read as the class xt_errors.StaleRequestError", "MessageCode.AUTH_105"),
        ("MessageCode.AUTH_105", "read as the enum member MessageCode.AUTH_105", "MessageCode.AUTH_105"),
        ("<WebSocketCode.FAILURE: 1>", "read as the enum member WebSocketCode.FAILURE", "WebSocketCode.FAILURE"),
        ("StaleRequestError('AUTH_105: outdated message')", "read as a traceback's last line: xt_errors.StaleRequestError", "MessageCode.AUTH_105"),
        (
            '{"rc": 1, "mc": "AUTH_105", "ma": [], "result": null}',
            "read as a response body: check() raises xt_errors.StaleRequestError for it (with HTTP status 200)",
            "MessageCode.AUTH_105",
        ),
        (
            '{"returnCode": 1, "error": {"code": "invalid_symbol", "msg": "symbol btc_usdx not found"}}',
            "read as a response body: check() raises xt_errors.InvalidSymbolError for it (with HTTP status 200)",
            "FuturesErrorCode.invalid_symbol",
        ),
        (
            '{"id": "7", "code": 400, "msg": "bad"}',
            "read as a WebSocket frame: check_frame() raises xt_errors.BadRequestPayloadError for it",
            "WebSocketCode.BAD_REQUEST_PAYLOAD",
        ),
    ],
)
def test_what_people_paste_is_explained(pasted, read_as, enum):
    shown = run_cli(pasted)
    assert shown.returncode == 0 and not shown.stderr, shown.stderr
    assert shown.stdout.splitlines()[0] == read_as
    assert _blocks(shown.stdout) == [enum]
    answer = json.loads(run_cli(pasted, "--json").stdout)
    assert answer["query"] == pasted and [r["enum"] for r in answer["codes"]] == [enum]
    assert answer["pasted"] in ("code", "traceback", "class", "enum", "body", "frame")


def test_a_body_shows_what_check_raises_even_for_a_code_no_table_lists():
    def raised(body):
        try:
            xt_errors.raise_for_response(200, body)
        except xt_errors.XTError as error:
            return type(error).__name__
        return None

    for body, cls, enum in (
        ('{"rc": 1, "mc": "AUTH_999"}', "UnknownAuthError", None),
        ("{oops", "MalformedResponseError", None),
        ('{"rc": 1, "mc": "FAILURE"}', "RequestFailedError", "MessageCode.FAILURE"),
    ):
        assert raised(body) == cls  # what the command says is what check() does
        shown = run_cli(body)
        assert shown.returncode == 0, shown.stderr
        first, second, third = shown.stdout.splitlines()[:3]
        assert first == f"read as a response body: check() raises xt_errors.{cls} for it (with HTTP status 200)"
        assert second.startswith("  ") and cls not in second  # what the error says
        if enum is None:  # no code of the catalog: what to do about the class
            assert third.startswith("  what to do: ") and not _blocks(shown.stdout)
        else:
            assert third == "" and _blocks(shown.stdout) == [enum]
        answer = json.loads(run_cli(body, "--json").stdout)
        assert answer["pasted"] == "body" and answer["raises"] == cls and answer["message"]
    ok = run_cli('{"rc": 0, "mc": "SUCCESS", "result": {"orderId": 1}}', "--json")
    assert json.loads(ok.stdout) == {
        "pasted": "body", "query": '{"rc": 0, "mc": "SUCCESS", "result": {"orderId": 1}}', "raises": None, "message": None, "codes": [],
    }
    assert run_cli('{"code": 0, "msg": "success"}').stdout.strip() == "read as a WebSocket frame: check_frame() returns it; it reports no error"


def test_a_paste_needs_no_quotes_and_reads_in_chinese(cli):
    unquoted = cli("ORDER_002:", "insufficient", "funds")  # the shell split it
    assert unquoted.returncode == 0 and unquoted.stdout.startswith("read as the code ORDER_002 and its text\n\nORDER_002:")
    chinese = cli("xt_errors.StaleRequestError: AUTH_105: 报文过时", "--lang", "zh")
    assert chinese.stdout.splitlines()[:3] == ["读作异常回溯的最后一行：xt_errors.StaleRequestError", "", "AUTH_105: 报文过时"]
    body = cli('{"rc":1,"mc":"AUTH_105"}', "--lang", "zh").stdout.splitlines()
    assert body[0] == "读作响应体：check() 对它抛出 xt_errors.StaleRequestError（按 HTTP 状态码 200）"
    assert body[1] == "  AUTH_105: 报文过时"


def test_a_pasted_code_no_table_lists_is_answered_as_unknown():
    shown = run_cli("AUTH_999: something went wrong")
    assert shown.returncode == 1 and not shown.stdout
    assert "xt_errors.UnknownAuthError" in shown.stderr and "did you mean: AUTH_" in shown.stderr
    answer = json.loads(run_cli("AUTH_999: something went wrong", "--json").stdout)
    assert answer["error"] == "unknown code" and answer["query"] == "AUTH_999" and answer["pasted"] == "code"
    # the class of a traceback still explains what it catches
    traceback_line = run_cli("xt_errors.UnknownAuthError: AUTH_999: code 'AUTH_999' is not in this catalog")
    assert traceback_line.returncode == 0 and "AuthError" in traceback_line.stdout and "AUTH_105" in traceback_line.stdout
    assert run_cli("the quick brown fox").returncode == 1  # words that name nothing: suggestions


# -- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize("date", ["2024-13-45", "2023-02-29", "2024-00-10", "0000-01-01", "2024-1-1", "٢٠٢٤-٠١-٠١", "2024-01-01x", "--"])
def test_since_takes_only_a_real_date(cli, date):
    shown = cli("--since", date) if date != "--" else cli("--since=--")
    assert shown.returncode == 2 and not shown.stdout
    assert one_line_error(shown).endswith(f"--since takes a date as YYYY-MM-DD, not {date!r}")
    answer = json.loads(cli("--json", f"--since={date}").stdout)
    assert answer["error"] == "bad date" and answer["query"] == date


def test_since_a_leap_day_lists_what_changed_from_it():
    shown = run_cli("--since", " 2024-02-29 ")
    assert shown.returncode == 0, shown.stderr
    dates = [line.split()[0] for line in shown.stdout.splitlines()]
    assert dates and dates == sorted(dates) and dates[0] >= "2024-02-29"
    assert run_cli("--since", "2999-01-01").stdout.strip() == "nothing since then"


# -- every argument: an answer, never a traceback; JSON with --json ----------------------


def in_process(argv):
    """`main(argv)` of the package under test, in this process: (status, stdout, stderr)."""
    import contextlib
    import io

    from xt_errors.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


def asks_for_json(argv):
    """Whether `argv` asks for --json, read independently of the command: an argument
    before `--` that is --json, or a prefix of it from --j, with or without a value."""
    for argument in argv:
        if argument == "--":
            return False
        name = argument.split("=", 1)[0]
        if len(name) >= 3 and "--json".startswith(name):
            return True
    return False


def assert_an_answer(argv, status, out, err):
    assert status in (0, 1, 2), (argv, status)
    assert "Traceback" not in out + err, argv
    if asks_for_json(argv):
        json.loads(out)  # whatever happened, JSON
        assert not err, (argv, err)
    elif status == 0:
        assert out and not err, (argv, err)
    else:
        assert err and not out, (argv, out)


HOSTILE = [
    ["--endpoint=--"], ["--json", "--endpoint=--"], ["--since=--"], ["--search=--"], ["--lang=--"], ["--lang=", "400"],
    ["--endpoint", "--"], ["--search", "--", "x"], ["--", "--json"], ["--json"], ["--json", "--help"], ["--json", "--version"],
    ["--js=1"], ["--json=", "400"], ["--s", "x"], ["--l"], ["-h", "--bogus"], ["-x"], ["-"], ["-1"], ["---"], [""], ["\udcff"],
    ["--endpoint", "\x00"], ["--since", "2024-13-45"], ["--since", "9" * 5000], ["--search", "("], ["[", "("],
    ["{" * 5000], ['{"code":' + "9" * 5000 + "}"], ['{"rc":1,"mc":' + "9" * 5000 + "}"], ["@"], ["a@b"], ["x" * 100_000],
    ["xt_errors."], ["MessageCode."], [".StaleRequestError"], ["HTTP "], ["HTTP 400"], ["<class ''>"], ["X('')"],
]


@pytest.mark.parametrize("argv", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_arguments_get_an_answer(argv):
    assert_an_answer(argv, *in_process(argv))
    assert_an_answer([*argv, "--json"] if "--" not in argv else ["--json", *argv], *in_process([*argv, "--json"] if "--" not in argv else ["--json", *argv]))


OPTION_NAMES = ["--search", "--endpoint", "--since", "--list", "--kinds", "--json", "--lang", "--version", "--help", "-h"]
SAMPLES = [
    *OPTION_NAMES, "--", "-", "--js", "--s", "--l", "--se", "--ki", "-1", "-x", "zh", "en", "fr", "400", "1", "AUTH_105",
    "auth105", "StaleRequestError", "InsufficientFundsError", "UnknownAuthError", "AUTH_9999", "ORDER_002: insufficient funds",
    "xt_errors.StaleRequestError: AUTH_105: outdated message", "MessageCode.AUTH_105", '{"rc":1,"mc":"AUTH_105"}',
    '{"code":400}', "2024-13-45", "2024-01-01", "POST /future/trade/v1/order/create", "余额不足", "{topic}@invalid_listenkey",
]


@st.composite
def arguments(draw):
    """An argument a user, a script or a fuzzer could pass."""
    return draw(
        st.one_of(
            st.sampled_from(SAMPLES),
            st.text(max_size=20),
            st.builds("{}={}".format, st.sampled_from(OPTION_NAMES + ["--j", "--x"]), st.text(max_size=10)),
            st.builds(json.dumps, st.dictionaries(st.sampled_from(["rc", "mc", "ma", "code", "msg", "error", "id", "result"]),
                                                  st.one_of(st.none(), st.integers(), st.text(max_size=8), st.sampled_from(SAMPLES)), max_size=4)),
        )
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(arguments(), max_size=6))
def test_any_arguments_get_an_answer_never_a_traceback(argv):
    assert_an_answer(argv, *in_process(argv))


def _interpreters():
    """Python 3.11 to 3.13 as found on PATH by name, each that runs (a shim may not)."""
    import shutil

    found = []
    for name in ("python3.11", "python3.12", "python3.13"):
        path = shutil.which(name)
        if path and subprocess.run([path, "-c", "pass"], capture_output=True, timeout=60).returncode == 0:
            found.append(pytest.param(path, id=name))
        else:
            found.append(pytest.param(None, id=name, marks=pytest.mark.skip(reason=f"no working {name} on PATH")))
    return found


@pytest.mark.parametrize("python", _interpreters())
def test_hostile_arguments_on_every_python(python):
    # argparse read `--endpoint=--` differently on 3.11, 3.12 and 3.13; the command reads it itself.
    driver = (
        "import contextlib, io, json, sys\n"
        "from xt_errors.__main__ import main\n"
        "results = []\n"
        "for argv in json.loads(sys.stdin.read()):\n"
        "    out, err = io.StringIO(), io.StringIO()\n"
        "    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
        "        status = main(argv)\n"
        "    results.append([argv, status, out.getvalue(), err.getvalue()])\n"
        "print(json.dumps(results))\n"
    )
    cases = [argv for argv in HOSTILE if all(len(a) < 1000 and "\udcff" not in a for a in argv)]
    cases += [[*argv, "--json"] for argv in cases if "--" not in argv]
    result = subprocess.run([python, "-c", driver], input=json.dumps(cases), capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    for argv, status, out, err in json.loads(result.stdout):
        assert_an_answer(argv, status, out, err)


# -- every word of the command in Chinese -------------------------------------------------


def test_every_word_has_its_chinese_text_with_the_same_placeholders():
    import string

    from xt_errors._words import WORDS

    def placeholders(text):
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    assert set(WORDS) == {"en", "zh"} and WORDS["en"].keys() == WORDS["zh"].keys()
    for key, english in WORDS["en"].items():
        chinese = WORDS["zh"][key]
        assert placeholders(chinese) == placeholders(english), key
        assert any("\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" for char in chinese), key


def _english_phrases():
    """The command's own English words, as the runs of words between placeholders
    (two words at least: a lone word may be a code or a class)."""
    import re

    from xt_errors._words import WORDS

    phrases = set()
    for key, text in WORDS["en"].items():
        if key == "label other":  # 中文: Chinese already
            continue
        for part in re.split(r"\{[^}]*\}", text):
            for phrase in re.findall(r"(?<![-\w])[A-Za-z']+(?: [A-Za-z']+)+", part):  # not --lang en
                phrases.add(phrase)
    return phrases


def _catalogs_english():
    """Every English text of the catalog the command may show under zh: XT's texts with
    no Chinese one, and what the spec curates in English only (hints, meanings, evidence)."""
    from xt_errors._catalog import KINDS

    texts = {text for kind in KINDS.values() for text in kind}
    for table in _codes.TABLES:
        for member in table:
            texts |= {member.hint, member.description, member.evidence or "", *member.texts.values(), *member.endpoint_texts.values()}
            exception = member.exception
            if exception is not None:
                texts |= {line.strip() for line in (exception.__doc__ or "").splitlines()}
    texts |= {_codes.SOURCES}
    return sorted(filter(None, texts), key=len, reverse=True)


@pytest.mark.parametrize(
    "arguments",
    [
        ["AUTH_105"], ["400"], ["200"], ["429"], ["ORDER_F0701"], ["InsufficientFundsError"], ["UnknownAuthError"], ["AuthError"], ["--list"],
        ["--kinds"], ["--search", "insufficient"], ["--search", "qwertyuiop"], ["--endpoint", "POST /future/trade/v1/order/create"],
        ["--endpoint", "GET /nowhere/at/al"], ["--since", "2024-01-01"], ["--since", "2999-01-01"], ["--since", "2024-13-45"], ["BADCODE"],
        ["AUTH_9999"], ["  "], [], ["--help"], ["--version"], ["--bogus"], ["--s", "x"], ["--search"], ["--json=1"], ["--lang", "fr"],
        ["ORDER_002: insufficient funds"], ["xt_errors.StaleRequestError: AUTH_105: outdated message"], ['{"rc":1,"mc":"AUTH_999"}'],
        ['{"rc":0,"mc":"SUCCESS"}'], ['{"id":"1","code":400,"msg":"bad"}'],
    ],
)
def test_lang_zh_shows_no_english_of_its_own(arguments, monkeypatch):
    # --lang fr is a mistake said in the language chosen before it: XT_ERRORS_LANGUAGE's.
    monkeypatch.setenv("XT_ERRORS_LANGUAGE", "zh")
    status, out, err = in_process(arguments if "--lang" in arguments else [*arguments, "--lang=zh"])
    said = out + err
    assert said.strip() and status in (0, 1, 2)
    english = _catalogs_english()  # XT's and the spec's English stay until the catalog has Chinese
    if arguments[:1] and arguments[0].startswith("{"):  # and so do the package's own words for a body no table knows
        try:
            xt_errors.raise_for_response(200, arguments[0])
        except xt_errors.XTError as error:
            english = [error.message_in("zh"), error.hint or "", *english]
    for text in english:
        said = said.replace(text, "")
    left = [phrase for phrase in _english_phrases() if phrase in said]
    assert not left, (left, said[:2000])


def test_the_language_comes_from_the_environment_too():
    shown = run_cli("BADCODE", env={"XT_ERRORS_LANGUAGE": "zh"})
    assert shown.stderr.startswith("未知的代码或类 'BADCODE'；您是否要找：")
    assert run_cli("BADCODE", "--lang", "en", env={"XT_ERRORS_LANGUAGE": "zh"}).stderr.startswith("unknown code or class")
    assert run_cli("BADCODE", env={"XT_ERRORS_LANGUAGE": "klingon"}).stderr.startswith("unknown code or class")


# -- a cheap start --------------------------------------------------------------------


def test_explaining_a_code_loads_neither_the_paste_reader_nor_json():
    probe = (
        "import sys, contextlib, io\n"
        "from xt_errors.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(sys.argv[1:])\n"
        "print(sorted(m for m in ('json', 'argparse', 'difflib', 'xt_errors._paste') if m in sys.modules))\n"
    )
    assert run_python(probe, PACKAGE, "AUTH_105").stdout.split() == ["[]"]
    assert run_python(probe, PACKAGE, "AUTH_105", "--json").stdout.strip() == "['json']"
    assert run_python(probe, PACKAGE, "ORDER_002: insufficient funds").stdout.strip() == "['xt_errors._paste']"
