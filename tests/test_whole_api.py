"""The whole-API catalog: every code of XT's fourteen pages, as a trader meets it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import xt_errors
from codegen import catalog, document, package, spec
from codegen import sync as sync_stage
from codegen.errors import SourceError
from tests.conftest import ROOT, run_codegen

SOURCES = ROOT / "spec" / "source"
PRODUCTS = {  # page name -> product, as the spec's curated products say
    "xt-spot-response-codes": "spot",
    "xt-futures-response-codes": "futures",
    "xt-margin-response-codes": "margin",
    "xt-spot-copy-trading-response-codes": "spot_copy_trading",
    "xt-futures-copy-trading-response-codes": "futures_copy_trading",
    "xt-user-center-response-codes": "user_center",
    "xt-third-party-response-codes": "third_party",
}
ENUMS = (xt_errors.HttpStatus, xt_errors.ReturnCode, xt_errors.MessageCode, xt_errors.FuturesErrorCode)


def member_for(code: str, header: str) -> xt_errors.Code:
    """The member a documented row stands for: futures 'Status code' rows split by integer-ness."""
    if header in ("httpStatus", "Status code", "状态码") and code.isdigit():
        return xt_errors.HttpStatus(int(code))
    if header in ("Status code", "状态码"):
        return xt_errors.FuturesErrorCode(code)
    if header == "rc":
        return xt_errors.ReturnCode(int(code))
    return xt_errors.MessageCode(code)


def rows(language: str):
    suffix = ".zh.md" if language == "zh" else ".md"
    for stem, product in PRODUCTS.items():
        path = SOURCES / f"{stem}{suffix}"
        for table in document.read_document(path, path.name):
            for row in table.rows:
                yield product, table.key, row


def test_the_sources_are_xt_pages_byte_for_byte():
    shared = ROOT.parent / "shared" / "xt-api-docs"
    if not shared.is_dir():
        pytest.skip("the shared XT pages are absent")
    upstream = {
        "documentation": "xt-spot-response-codes",
        "futures_documentation": "xt-futures-response-codes",
        "margin_document": "xt-margin-response-codes",
        "s_copy_trading_document": "xt-spot-copy-trading-response-codes",
        "f_copy_trading_document": "xt-futures-copy-trading-response-codes",
        "user_center_documentation": "xt-user-center-response-codes",
        "third_party_document": "xt-third-party-response-codes",
    }
    for name, ours in upstream.items():
        assert (shared / f"{name}.md").read_bytes() == (SOURCES / f"{ours}.md").read_bytes()
        assert (shared / f"{name}_cn.md").read_bytes() == (SOURCES / f"{ours}.zh.md").read_bytes()
    assert sorted(path.name for path in SOURCES.iterdir()) == sorted(
        f"{stem}{suffix}" for stem in PRODUCTS for suffix in (".md", ".zh.md")
    )


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_documented_text_is_in_the_package_for_its_product(language):
    seen = 0
    for product, header, row in rows(language):
        member = member_for(row.code, header)
        assert product in member.products, (row.code, product)
        texts = member.texts if language == "en" else member.texts_zh
        standing = texts[product]
        # A row an erratum set aside stays reachable as XT's variant.
        duplicates = [v.description for v in member.variants if v.duplicate and product in v.products]
        if language == "en":
            assert row.description in (standing, *duplicates), (row.code, product)
        else:
            assert row.description == standing or row.code == "SYMBOL_001", (row.code, product)
        seen += 1
    assert seen > 280  # 168 distinct codes, many on several pages


def test_whole_api_counts_and_one_class_per_error_code():
    members = [member for enum in ENUMS for member in enum]
    assert len(members) == 168
    classes = [member.exception for member in members if member.exception is not None]
    assert len(classes) == len(set(classes)) == 165
    for member in members:
        assert member.products and member.hint and member.description_zh
        if member.exception is not None:
            # Readable names: never a bare counter such as GatewayRiskControl1Error.
            assert not member.exception.__name__[:-5][-1:].isdigit() or member.family == "GATEWAY"


def test_a_spot_trader_catches_insufficient_funds_by_meaning():
    body = b'{"rc":1,"mc":"ORDER_002","ma":[],"result":null}'
    with pytest.raises(xt_errors.InsufficientFundsError) as caught:
        xt_errors.raise_for_response(200, body)
    assert isinstance(caught.value, xt_errors.OrderError)  # and by family
    assert caught.value.message == "insufficient funds"
    assert caught.value.mc.products == ("spot", "spot_copy_trading")


def test_futures_login_statuses_are_authentication_errors():
    for status in (401, 403):
        with pytest.raises(xt_errors.AuthenticationError) as caught:
            xt_errors.raise_for_response(status, b"")
        assert caught.value.http_status == status
        assert xt_errors.HttpStatus(status).products == ("futures", "futures_copy_trading")


def test_futures_error_code_raises_its_own_class_with_xt_message():
    body = b'{"returnCode":1,"msgInfo":"failure","error":{"code":"invalid_symbol","msg":"Symbol illegal"},"result":null}'
    with pytest.raises(xt_errors.InvalidRequestError) as caught:
        xt_errors.raise_for_response(200, body)
    error = caught.value
    assert type(error) is xt_errors.FuturesErrorCode.invalid_symbol.exception
    assert error.mc is xt_errors.FuturesErrorCode.invalid_symbol and error.rc == 1
    assert "Symbol illegal" in error.message and "Symbol illegal" in str(error)
    # XT's own words, when they say more than the documentation, are kept too.
    body = b'{"returnCode":1,"error":{"code":"invalid_symbol","msg":"symbol btc_usdx not found"},"result":null}'
    with pytest.raises(xt_errors.InvalidRequestError) as caught:
        xt_errors.raise_for_response(200, body)
    assert "symbol btc_usdx not found" in caught.value.message
    assert "symbol btc_usdx not found" in str(caught.value)


def test_one_lookup_finds_any_code_of_any_product():
    assert xt_errors.lookup("ORDER_002") is xt_errors.MessageCode.ORDER_002
    assert xt_errors.lookup("invalid_symbol") is xt_errors.FuturesErrorCode.invalid_symbol
    assert xt_errors.lookup(401) is xt_errors.lookup("401") is xt_errors.HttpStatus.UNAUTHORIZED
    assert xt_errors.lookup("StaleRequestError") is xt_errors.MessageCode.AUTH_105
    assert xt_errors.lookup("GatewayRiskControl1Error") is xt_errors.MessageCode.GATEWAY_0001
    with pytest.raises(KeyError):
        xt_errors.lookup("NOPE_001")


def test_one_code_several_texts_kept_per_product():
    ok = xt_errors.HttpStatus.OK
    assert ok.description == "The request is successful, please check the rc and mc sections further"
    assert ok.texts["futures"] == ok.texts["futures_copy_trading"] == "Success"
    assert ok.texts["spot"] == ok.description
    assert ok.texts_zh["futures"] == "成功"
    symbol = xt_errors.MessageCode.SYMBOL_001
    assert symbol.description == "Symbol not exist"
    assert [(v.products, v.description, v.duplicate) for v in symbol.variants] == [
        (("spot", "spot_copy_trading"), "Symbol does not exist", True)
    ]


def test_renamed_classes_stay_importable():
    assert xt_errors.GatewayRiskControl1Error is xt_errors.GatewayRiskControl0001Error
    assert xt_errors.PositionClosingError is xt_errors.MessageCode.LEVER_ORDER_082.exception


def test_catalog_json_carries_products_variants_and_chinese():
    data = json.loads((ROOT / "docs" / "en" / "catalog.json").read_text())
    http = next(table for table in data["tables"] if table["key"] == "httpStatus")
    ok = next(code for code in http["codes"] if code["code"] == 200)
    assert ok["products"][:2] == ["spot", "futures"]
    assert ok["variants"][0]["description"] == "Success"
    assert ok["description_zh"] == "请求成功，请进一步查看rc、mc部分"
    assert ok["docs_url"] == xt_errors.HttpStatus.OK.docs_url
    assert ok["docs_url_zh"] == xt_errors.HttpStatus.OK.docs_url_zh


# -- the sync against revisions of XT's pages ---------------------------------


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    out = tmp_path / "repo"
    shutil.copytree(ROOT / "spec", out / "spec")
    return out


def sync(repo: Path, *args: str):
    return run_codegen("--source", repo / "spec" / "source", "--out", repo, "--no-site", *args, cwd=repo)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def one_line(result) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_without_its_erratum_a_duplicate_stops_the_sync_naming_both_lines(repo_copy):
    spec = repo_copy / "spec" / "catalog.yaml"
    text = spec.read_text(encoding="utf-8")
    start = text.index("  - code: SYMBOL_001\n    texts: [Symbol not exist")
    end = text.index("  - code: SYMBOL_001", start + 1)
    spec.write_text(text[:start] + text[end:], encoding="utf-8")
    line = one_line(sync(repo_copy))
    assert line.startswith("spec/source/xt-spot-response-codes.md:122: duplicate code 'SYMBOL_001'")
    assert "first on line 41" in line and "errata" in line and "stands: 'Symbol not exist'" in line


def test_an_erratum_xt_made_unnecessary_stops_the_sync_as_stale(repo_copy):
    for stem in ("xt-spot-response-codes", "xt-spot-copy-trading-response-codes"):
        edit(repo_copy / "spec" / "source" / f"{stem}.md", "    | SYMBOL_001  | Symbol does not exist  |\n", "")
        edit(repo_copy / "spec" / "source" / f"{stem}.zh.md", "    | SYMBOL_001  | 交易对不存在  |\n", "")
    line = one_line(sync(repo_copy))
    assert line.startswith("spec/catalog.yaml:")
    assert "erratum for 'SYMBOL_001' ('Symbol not exist' / 'Symbol does not exist')" in line
    assert "matches nothing" in line


def test_a_row_missing_from_a_chinese_page_stops_the_sync_naming_both_pages(repo_copy):
    page = repo_copy / "spec" / "source" / "xt-margin-response-codes.zh.md"
    edit(page, "    | LEVER_ORDER_031 | 还款数量错误 |\n", "")
    line = one_line(sync(repo_copy))
    assert line.startswith("spec/source/xt-margin-response-codes.md:46: code 'LEVER_ORDER_031'")
    assert re.search(r"the Chinese table at spec/source/xt-margin-response-codes\.zh\.md:\d+;", line)
    assert "missing_in: zh" in line
    spec = repo_copy / "spec" / "catalog.yaml"
    spec.write_text(
        spec.read_text(encoding="utf-8")
        + "  - code: LEVER_ORDER_031\n    texts: [Wrong repayment amount.]\n    missing_in: zh\n"
        "    why: the Chinese margin page lost the row\n",
        encoding="utf-8",
    )
    resolved = sync(repo_copy)
    assert resolved.returncode == 0, resolved.stderr


def test_a_row_listed_twice_on_the_english_page_only_says_so(repo_copy):
    page = repo_copy / "spec" / "source" / "xt-user-center-response-codes.md"
    text = page.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines(keepends=True) if line.startswith("    | AUTH_") or line.startswith("    | NO_OPERATION"))
    page.write_text(text.replace(row, row + row, 1), encoding="utf-8")
    line = one_line(sync(repo_copy))
    assert "is listed again here (first on line" in line and "not again in the Chinese table" in line


def test_pages_with_a_different_number_of_tables_stop_the_sync(repo_copy):
    page = repo_copy / "spec" / "source" / "xt-user-center-response-codes.zh.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("    | rc | return Code |")
    end = text.index("    | mc | message code |")
    page.write_text(text[:start] + text[end:], encoding="utf-8")
    line = one_line(sync(repo_copy))
    assert line.startswith("spec/source/xt-user-center-response-codes.zh.md:")
    assert "the two pages must have the same tables" in line and "xt-user-center-response-codes.md" in line


def test_a_revision_adding_and_rewording_codes_syncs_with_a_report(repo_copy):
    source = repo_copy / "spec" / "source"
    for suffix, text in ((".md", "Symbol delisted"), (".zh.md", "交易对已下架")):
        edit(source / f"xt-spot-response-codes{suffix}", "    | SYMBOL_010 |", f"    | SYMBOL_012 | {text} |\n    | SYMBOL_010 |")
    edit(source / "xt-third-party-response-codes.md", "| AUTH_105 | outdated message |", "| AUTH_105 | request expired |")
    result = sync(repo_copy)
    assert result.returncode == 0, result.stderr
    report = result.stdout.splitlines()
    assert "added mc SYMBOL_012 (spot)" in report
    assert "changed mc AUTH_105 variants (other texts XT gives for it)" in report
    spec = (repo_copy / "spec" / "catalog.yaml").read_text(encoding="utf-8")
    assert "code: SYMBOL_012\n        description: Symbol delisted\n        description_zh: 交易对已下架" in spec
    # The next sync has nothing to report, and the curation it guessed is kept.
    again = sync(repo_copy)
    assert again.returncode == 0 and "added" not in again.stdout


def test_out_dir_with_a_spec_keeps_its_curation(tmp_path):
    """`--source PAGE --out DIR` syncs into DIR's spec, so a catalog can build on curation."""
    out = tmp_path / "other"
    (out / "spec").mkdir(parents=True)
    margin = SOURCES / "xt-margin-response-codes.md"
    first = run_codegen("--source", margin, "--out", out, "--no-site")
    assert first.returncode == 0, first.stderr
    spec = out / "spec" / "catalog.yaml"
    edit(spec, "exception: Auth105Error", "exception: StaleRequestError  # curated here")
    page = tmp_path / "margin-v2.md"
    page.write_text(margin.read_text(encoding="utf-8").replace("| Repeat request. |", "| Repeated request. |"), encoding="utf-8")
    second = run_codegen("--source", page, "--out", out, "--no-site")
    assert second.returncode == 0, second.stderr
    assert "new product margin_v2 (margin-v2.md)" in second.stdout
    text = spec.read_text(encoding="utf-8")
    assert "exception: StaleRequestError  # curated here" in text
    assert "description: Repeated request." in text


# -- any revision of XT's pages: a correct report, or one precise line ---------

PAGES = sorted(path.name for path in SOURCES.iterdir())


def _semantic(catalog) -> dict[tuple[str, str], object]:
    """What a maintainer reads in the report: each code's texts and products."""
    return {
        (table.key, code.text): (
            code.description,
            code.description_zh,
            code.products,
            frozenset(code.variants),
        )
        for table in catalog.tables
        for code in table.codes
    }


def _revise(text: str, op: str, index: int, words: str) -> str:
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.lstrip().startswith("| ") and "---" not in line]
    at = rows[index % len(rows)]
    cells = lines[at].split("|")
    if op == "delete":
        del lines[at]
    elif op == "duplicate":
        lines.insert(at, lines[at])
    elif op == "reword":
        lines[at] = "|".join([*cells[:2], f" {words} ", *cells[3:]])
    elif op == "recode":
        lines[at] = "|".join([cells[0], f" {words.upper().replace(' ', '_')}_9 ", *cells[2:]])
    elif op == "swap":
        other = rows[(index + 1) % len(rows)]
        lines[at], lines[other] = lines[other], lines[at]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def spec_text() -> str:
    return (ROOT / "spec" / "catalog.yaml").read_text(encoding="utf-8")


def _catalog(spec_text: str, folder: Path):
    """The sync report and the catalog the committed spec gives for the pages in `folder`."""
    current = spec.load(spec_text, "spec/catalog.yaml")
    pages = [document.read_page(path, path.name) for path in sorted(folder.iterdir())]
    report = sync_stage.sync(current, pages, "spec/catalog.yaml")
    located = {path.name: path.name for path in folder.iterdir()}
    built, _ = catalog.build(current, "spec/catalog.yaml", located.get, package.own_names())
    return report, built


@given(
    st.lists(
        st.tuples(
            st.sampled_from(PAGES),
            st.sampled_from(["delete", "duplicate", "reword", "recode", "swap"]),
            st.integers(0, 200),
            # Printable words, Latin or CJK; control characters are test_document's concern.
            st.text(st.characters(categories=["L", "N", "Zs"], max_codepoint=0x9FFF), min_size=1, max_size=12)
            .map(str.strip)
            .filter(bool),
        ),
        min_size=1,
        max_size=3,
    )
)
@settings(
    max_examples=50,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # each example syncs 14 pages: no slow shrinking
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
def test_any_revision_syncs_with_a_true_report_or_stops_with_one_line(spec_text, tmp_path_factory, edits):
    folder = tmp_path_factory.mktemp("source")
    for name in PAGES:
        shutil.copyfile(SOURCES / name, folder / name)
    for name, op, index, words in edits:
        page = folder / name
        page.write_text(_revise(page.read_text(encoding="utf-8"), op, index, words), encoding="utf-8")
    _, before = _catalog(spec_text, SOURCES)
    try:
        report, after = _catalog(spec_text, folder)
    except SourceError as error:
        message = str(error)
        assert "\n" not in message and re.match(r"[^:]+:\d+: \S", message), message
        return
    old, new = _semantic(before), _semantic(after)
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    # Every change of a code's texts or products is in the report, and nothing else is.
    reported = {tuple(line.split(" ")[1:3]) for line in report if line.startswith(("added ", "changed "))}
    assert changed == reported, (report, changed)
