"""XT's API as it is today: the futures endpoint pages of its current site, codes seen
only in responses, and the endpoints each code belongs to."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

import xt_errors
from codegen.read import document
from tests.conftest import (
    XT_API,
    XT_PAGES,
    frozen_file,
    frozen_generation,
    run_codegen,
    run_python,
)

ENDPOINT_PAGES = sorted(
    path
    for path in XT_PAGES.glob("xt-futures-*.md")
    if not path.name.endswith(".zh.md") and document.read_page(path, path.name).endpoint
)


def _futures(code: str, msg: str, status: int = 200, **more: object) -> xt_errors.XTError:
    body = {"returnCode": 1, "msgInfo": "failure", "error": {"code": code, "msg": msg, **more}, "result": None}
    with pytest.raises(xt_errors.XTError) as raised:
        xt_errors.raise_for_response(status, json.dumps(body).encode())
    return raised.value


def test_the_current_site_gives_39_endpoint_pages_each_with_its_twin():
    assert len(ENDPOINT_PAGES) == 39
    for path in ENDPOINT_PAGES:
        twin = path.with_name(path.name.removesuffix(".md") + ".zh.md")
        assert document.read_page(twin, twin.name).endpoint == document.read_page(path, path.name).endpoint


@pytest.mark.parametrize("path", ENDPOINT_PAGES, ids=lambda path: path.stem.removeprefix("xt-futures-"))
def test_every_code_of_an_endpoint_page_is_in_the_package_with_that_pages_texts(path):
    page = document.read_page(path, path.name)
    twin_path = path.with_name(path.name.removesuffix(".md") + ".zh.md")
    (table,) = page.tables
    (twin,) = document.read_page(twin_path, twin_path.name).tables
    chinese = {row.code: row.description for row in twin.rows}
    assert page.endpoint is not None
    listed = xt_errors.errors_for(page.endpoint)
    for row in table.rows:
        member = xt_errors.lookup(row.code)  # another spelling finds its code too
        assert member in listed
        assert page.endpoint in member.endpoints
        assert member.endpoint_texts[page.endpoint] == row.description
        assert member.endpoint_texts_zh[page.endpoint] == chinese[row.code]
        assert member.exception is not None and member.docs_url
    assert len(listed.own) == len({xt_errors.lookup(row.code) for row in table.rows})


def test_errors_for_names_an_endpoint_as_written_in_any_case_or_by_its_path():
    create = xt_errors.errors_for("POST /future/trade/v1/order/create")
    codes = {str(member.value) for member in create}
    assert {"contract_not_open", "exceed_max_leverage", "GATEWAY_0003", "invalid_params"} <= codes
    assert xt_errors.errors_for("post  /future/trade/v1/order/create/") == create
    assert xt_errors.errors_for("/future/trade/v1/order/create") == create
    with pytest.raises(KeyError, match="did you mean POST /future/trade/v1/order/create"):
        xt_errors.errors_for("POST /future/trade/v1/order/creat")
    with pytest.raises(TypeError):
        xt_errors.errors_for(None)  # type: ignore[arg-type]


def test_the_commonest_futures_order_error_is_insufficient_funds_keeping_xts_words():
    error = _futures("insufficient_balance", "insufficient balance", args=[])
    assert isinstance(error, xt_errors.InsufficientFundsError)
    assert error.code is xt_errors.FuturesErrorCode.insufficient_balance
    assert error.code.observed and "ccxt" in (error.code.evidence or "")
    assert error.message == "insufficient balance" and error.xt_args == []
    assert error.docs_url and error.docs_url.endswith("#insufficient_balance")


@pytest.mark.parametrize(
    ("code", "msg", "status", "meaning"),
    [
        ("403", "invalid signature", 200, "AuthenticationError"),
        ("403", "invalid signature", 403, "AuthenticationError"),
        ("401", "unauthorized", 401, "AuthenticationError"),
        ("400", "Connection refused: /10.0.26.71:8080", 200, "ServiceUnavailableError"),
        ("open_order_min_nominal_value_limit", "Exceeds the minimum notional value of a single order", 200, "OrderFilterError"),
        ("symbol_not_support_trading_via_api", "The symbol does not support trading via API", 200, "TradingRestrictedError"),
    ],
)
def test_codes_seen_in_responses_raise_their_meaning_with_a_link(code, msg, status, meaning):
    error = _futures(code, msg, status)
    assert isinstance(error, getattr(xt_errors, meaning))
    assert not isinstance(error, xt_errors.UnknownCodeError)
    assert error.http_status == status and error.docs_url
    assert msg in str(error)


def test_both_spellings_of_a_code_raise_the_same_class():
    for spelled, code in (
        ("invalid state", "invalid_state"),
        ("invalid_trigger_profit_price", "invalid_triggerProfitPrice"),
        ("invalid_trigger_stop_price", "invalid_triggerStopPrice"),
        ("quantity_can_not_less_than *", "quantity_can_not_less_than"),
    ):
        member = xt_errors.FuturesErrorCode(code)
        assert xt_errors.FuturesErrorCode(spelled) is member and spelled in member.spellings
        assert type(_futures(spelled, "x")) is type(_futures(code, "x")) is member.exception


def test_a_new_futures_code_falls_back_by_its_shape_and_says_it_is_new():
    error = _futures("invalid_leverage_bracket", "leverage bracket wrong")
    assert isinstance(error, xt_errors.InvalidRequestError) and isinstance(error, xt_errors.UnknownCodeError)
    assert "not in this catalog" in error.message and "leverage bracket wrong" in error.message
    assert isinstance(_futures("position_not_exist", "x"), xt_errors.ResourceNotFoundError)
    assert isinstance(_futures("trigger_stop_price_more_than_last_price", "x"), xt_errors.TakeProfitStopLossPriceError)
    plain = _futures("something_else_entirely", "x")
    assert type(plain) is xt_errors.UnknownCodeError


def test_bodies_that_are_not_xts_envelope_keep_their_status_and_what_was_sent():
    spring = b'{"timestamp":"2026-11-29T10:00:00.000+00:00","status":404,"error":"Not Found","path":"/v1/nope"}'
    with pytest.raises(xt_errors.NotFoundError) as raised:
        xt_errors.raise_for_response(404, spring)
    assert raised.value.http_status == 404 and raised.value.body == spring
    assert not isinstance(raised.value, xt_errors.MalformedResponseError)
    with pytest.raises(xt_errors.BadGatewayError) as raised:
        xt_errors.raise_for_response(502, b"")
    assert raised.value.http_status == 502 and raised.value.body == b""
    error = _futures("invalid_params", "origQty", args=["origQty", 3])
    assert error.xt_args == ["origQty", 3]


def test_general_error_codes_of_the_current_site_stand_beside_the_old_texts():
    forbidden = xt_errors.HttpStatus.FORBIDDEN
    assert forbidden.description == "Login expired"
    assert any("signature verification failed" in variant.description for variant in forbidden.variants)
    assert xt_errors.HttpStatus(400).exception is not None and xt_errors.HttpStatus(405).exception is not None


def test_version_and_site_name_the_sources_and_never_call_the_mirror_xts_own():
    version = subprocess.run(
        [sys.executable, "-m", "xt_errors", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert "xt-com/xt-api at 8edf738" in version and "mirror wex2023/doc-openapi at 80d4c47" in version
    home = frozen_file("docs/en/index.md")
    assert "a public mirror of XT&#39;s documentation site, not XT&#39;s own" in home
    data = json.loads(frozen_file("docs/en/catalog.json"))
    mirror = next(source for source in data["sources"] if source["mirror_of"])
    assert "mirror" in mirror["title"] and "xt-com" not in mirror["upstream"]
    observed = [code for table in data["tables"] for code in table["codes"] if code["observed"]]
    assert {code["code"] for code in observed} >= {"insufficient_balance", "400", "403"}
    assert all(code["evidence"] and not code["pages"] for code in observed)
    assert "POST /future/trade/v1/order/create" in data["endpoints"]


def test_the_cli_answers_both_ways(tmp_path):
    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "xt_errors", *args], capture_output=True, text=True)

    listed = cli("--endpoint", "POST /future/trade/v1/order/create")
    assert listed.returncode == 0 and "contract_not_open" in listed.stdout and "Contract not opened" in listed.stdout
    records = json.loads(cli("--endpoint", "/future/trade/v1/order/create", "--json").stdout)
    assert {record["code"] for record in records} >= {"contract_not_open", "GATEWAY_0003"}
    missing = cli("--endpoint", "POST /future/trade/v1/order/creat")
    assert missing.returncode == 1 and "did you mean" in missing.stderr
    explained = cli("contract_not_open")
    assert "POST /future/trade/v1/order/create" in explained.stdout
    assert "observed" in cli("insufficient_balance").stdout


def test_a_new_endpoint_page_syncs_with_no_curation_edit(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(XT_PAGES, tree / "spec" / "source")
    (tree / "spec" / "catalog.yaml").write_bytes((XT_API / "spec" / "catalog.yaml").read_bytes())
    page = (XT_PAGES / "xt-futures-order-create-order.md").read_text(encoding="utf-8")
    page = page.replace("description: /future/trade/v1/order/create", "description: /future/trade/v1/order/create-twice")
    page = page.replace("| contract_not_open | Contract not opened |", "| contract_not_twice | Contract may not be ordered twice |")
    (tree / "spec" / "source" / "xt-futures-order-create-twice.md").write_text(page, encoding="utf-8")
    chinese = (XT_PAGES / "xt-futures-order-create-order.zh.md").read_text(encoding="utf-8")
    chinese = chinese.replace("description: /future/trade/v1/order/create", "description: /future/trade/v1/order/create-twice")
    chinese = chinese.replace("| contract_not_open |", "| contract_not_twice |")
    (tree / "spec" / "source" / "xt-futures-order-create-twice.zh.md").write_text(chinese, encoding="utf-8")
    result = run_codegen("--source", tree / "spec" / "source", "--out", tree, "--no-site")
    assert result.returncode == 0, result.stderr
    assert "new page xt-futures-order-create-twice.md (futures, POST /future/trade/v1/order/create-twice)" in result.stdout
    assert "added error.code contract_not_twice (POST /future/trade/v1/order/create-twice)" in result.stdout
    shown = run_python(
        "import xt_errors as x\n"
        "m = x.FuturesErrorCode('contract_not_twice')\n"
        "print(m.exception.__name__, m.endpoints, [str(c.value) for c in x.errors_for('POST /future/trade/v1/order/create-twice')][:2])",
        tree / "generated",
    )
    assert shown.stdout.split(maxsplit=1)[0] == "ContractNotTwiceError", shown.stderr
    assert "POST /future/trade/v1/order/create-twice" in shown.stdout


@pytest.mark.parametrize(
    ("key", "taken", "enum"), [("code", "Code", "CodeTable"), ("XTError", "XTError", "XTErrorTable")]
)
def test_a_table_keyed_like_a_name_of_the_package_gets_a_free_enum_name_and_says_so(tmp_path, key, taken, enum):
    page = tmp_path / "page.md"
    page.write_text(f"| {key} | text |\n| --- | --- |\n| A_1 | one |\n", encoding="utf-8")
    result = run_codegen("--source", page, "--out", tmp_path / "out", "--no-site")
    assert result.returncode == 0, result.stderr
    assert f"new table {key} ({enum}) ({taken} is a name of the package itself)" in result.stdout
    shown = run_python(
        f"import xt_errors as x; print(x.{enum}('A_1').description, issubclass(x.A1Error, x.XTError))",
        tmp_path / "out" / "generated",
    )
    assert shown.stdout.split() == ["one", "True"], shown.stderr


def test_a_page_without_its_twin_is_an_erratum_that_goes_stale(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(XT_PAGES, tree / "spec" / "source")
    (tree / "spec" / "catalog.yaml").write_bytes((XT_API / "spec" / "catalog.yaml").read_bytes())
    general = tree / "spec" / "source" / "xt-futures-general-error-codes.md"
    shutil.copyfile(general, general.with_name("xt-futures-general-error-codes.zh.md"))
    result = run_codegen("--source", tree / "spec" / "source", "--out", tree, "--no-site")
    assert result.returncode == 2
    assert "erratum for page 'xt-futures-general-error-codes.md' matches nothing" in result.stderr


def test_the_endpoints_page_lists_each_endpoint_with_links_to_its_codes():
    page = frozen_file("docs/en/endpoints.md")
    assert page.count('<div class="xt-endpoint">') == 39
    assert 'id="post-future-trade-v1-order-create"' in page
    assert 'href="../futures-error-code/general/#contract_not_open"' in page
    assert "docs/zh/endpoints.md" in frozen_generation().files
