"""Stage 3 (codegen/spec/sync.py): the spec follows every revision of XT's pages, keeps its curation, and reports what changed.

The revisions are made on a copy of the frozen repository (tests/fixtures/xt-api/):
XT's fourteen pages and the curated spec at a known state.
"""

from __future__ import annotations

import copy
import difflib
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from codegen.catalog import freeze
from codegen.errors import SourceError
from codegen.read import document
from codegen.render import package
from codegen.spec import file
from tests.conftest import (
    FUTURES_COPY_PAGE,
    SEED,
    SPOT_PAGE,
    XT_API,
    XT_PAGES,
    checked_up_to_date,
    codegen_in_process,
    copy_tree,
    edit,
    error_lines,
    one_line_error,
    run_codegen,
    snapshot,
    sync_in_memory,
)


@pytest.fixture
def repo(xt_api_tree, tmp_path) -> Path:
    """A copy of the frozen repository, generated (no site): XT's pages, the spec, the package."""
    return copy_tree(xt_api_tree, tmp_path / "repo")


def sync(repo: Path, *args: str):
    """`python -m codegen` in the repository, as a maintainer runs it there (paths shown relative to it)."""
    return run_codegen("--source", repo / "spec" / "source", "--out", repo, "--no-site", *args, cwd=repo)


# -- a maintainer's revisions -----------------------------------------------------------------


def test_edited_description_is_stale_then_synced_with_curation_intact(repo):
    edit(repo / "spec" / "source" / "xt-margin-response-codes.md", "| Wrong loan amount. |", "| Loan amount out of range. |")
    stale = sync(repo, "--check")
    assert stale.returncode == 1
    assert "spec/catalog.yaml" in stale.stderr
    synced = sync(repo)
    assert synced.returncode == 0
    assert "changed mc LEVER_ORDER_003 description: 'Wrong loan amount.' -> 'Loan amount out of range.'" in synced.stdout
    text = (repo / "spec" / "catalog.yaml").read_text()
    assert "description: Loan amount out of range." in text
    assert "exception: InvalidLoanAmountError" in text
    assert "kind: authentication  # XT rejects requests older than validate-recvwindow" in text
    assert sync(repo, "--check").returncode == 0


def test_a_text_changed_on_one_product_page_is_kept_as_its_variant(repo):
    edit(repo / "spec" / "source" / "xt-margin-response-codes.md", "| outdated message |", "| request expired |")
    synced = sync(repo)
    assert synced.returncode == 0, synced.stderr
    assert "changed mc AUTH_105 variants" in synced.stdout
    text = (repo / "spec" / "catalog.yaml").read_text()
    entry = text[text.index("- code: AUTH_105") :][:900]
    assert "description: outdated message" in entry  # spot's text stands: spot comes first
    assert "- pages: [xt-margin-response-codes.md]\n            description: request expired" in entry


def test_vanished_code_fails_unless_retired(repo):
    for name in ("xt-margin-response-codes.md", "xt-margin-response-codes.zh.md"):
        source = repo / "spec" / "source" / name
        lines = source.read_text().splitlines(keepends=True)
        source.write_text("".join(line for line in lines if "LEVER_1004" not in line))
    failed = sync(repo)
    assert failed.returncode == 2
    assert "LEVER_1004" in failed.stderr and "retired" in failed.stderr
    spec_file = repo / "spec" / "catalog.yaml"
    edit(spec_file, "exception: SubAccountPermissionError\n", "exception: SubAccountPermissionError\n        retired: true\n")
    retired = sync(repo)
    assert retired.returncode == 0, retired.stderr
    assert "retired: true" in spec_file.read_text()
    enum = (repo / "generated" / "xt_errors" / "_codes.py").read_text()
    assert "LEVER_1004 = " in enum


def _entry_of_each_line(text: str) -> list[str | None]:
    """For each line of a spec, the code whose entry holds it (None outside the codes)."""
    owner: list[str | None] = []
    current = None
    for line in text.splitlines():
        found = re.match(r"      - code: (\S+)$", line)
        if found:
            current = found.group(1)
        elif not line.startswith("        "):
            current = None
        owner.append(current)
    return owner


def test_an_xt_update_on_both_spot_pages_reports_what_to_do_and_touches_only_its_codes(repo):
    """XT rewords a code, adds one and drops one, in English and Chinese, as it does."""
    english = repo / "spec" / "source" / "xt-spot-response-codes.md"
    chinese = repo / "spec" / "source" / "xt-spot-response-codes.zh.md"
    edit(english, "| ORDER_002 | insufficient funds |", "| ORDER_002 | insufficient balance |")
    edit(chinese, "| ORDER_002 | 资金不足 |", "| ORDER_002 | 余额不足 |")
    for page, row in ((english, "This trading pair is suspended"), (chinese, "该交易对已暂停交易")):
        text = page.read_text()
        symbol_010 = next(line for line in text.splitlines(keepends=True) if "| SYMBOL_010 |" in line)
        symbol_011 = next(line for line in text.splitlines(keepends=True) if "| SYMBOL_011 |" in line)
        text = text.replace(symbol_010, "").replace(symbol_011, symbol_011 + f"    | SYMBOL_012 | {row} |\n")
        page.write_text(text)
    spec_file = repo / "spec" / "catalog.yaml"
    before = spec_file.read_text()

    stopped = sync(repo)
    said = one_line_error(stopped)
    assert "'SYMBOL_010'" in said and "retired: true" in said
    assert spec_file.read_text() == before

    edit(
        spec_file,
        "        exception: MarketNotOpenToUserError\n",
        "        exception: MarketNotOpenToUserError\n        retired: true\n",
    )
    # As MAINTAINING.md says: the commit and date the new pages come from
    edit(spec_file, "    commit: 8edf738\n    date: '2025-01-22'\n", "    commit: 1a2b3c4\n    date: '2026-11-30'\n")
    marked = spec_file.read_text()
    synced = sync(repo)
    assert synced.returncode == 0, synced.stderr
    report = synced.stdout.splitlines()
    assert "changed mc ORDER_002 description: 'insufficient funds' -> 'insufficient balance'" in report
    assert "changed mc ORDER_002 description_zh: '资金不足' -> '余额不足'" in report
    assert "added mc SYMBOL_012 (spot)" in report
    assert "retired mc SYMBOL_010: no page lists it any more as of 2026-11-30" in report
    assert not any(line.startswith("check sources:") for line in report), report
    to_curate = [line for line in report if line.startswith("to curate: ")]
    assert len(to_curate) == 1 and to_curate[0].startswith("to curate: mc SYMBOL_012 (still the guessed class "), report

    after = spec_file.read_text()
    old_owner, new_owner = _entry_of_each_line(marked), _entry_of_each_line(after)
    old_lines, new_lines = marked.splitlines(), after.splitlines()
    touched = set()
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if op != "equal":
            touched.update(old_owner[i1:i2])
            touched.update(new_owner[j1:j2])
    assert touched == {"ORDER_002", "SYMBOL_010", "SYMBOL_012"}
    order = [owner for owner in dict.fromkeys(new_owner) if owner and owner.startswith("SYMBOL_0")]
    assert order[order.index("SYMBOL_007") :][:4] == ["SYMBOL_007", "SYMBOL_010", "SYMBOL_011", "SYMBOL_012"]
    retired = after[after.index("      - code: SYMBOL_010\n") :].split("      - code: ")[1]
    assert "pages: [xt-spot-response-codes.md]" in retired and "removed: {date: '2026-11-30', commit: 1a2b3c4}" in retired
    checked = sync(repo, "--check")
    assert checked_up_to_date(checked) and "to curate: mc SYMBOL_012 " in checked.stderr, checked.stderr


def test_new_pages_still_dated_by_the_old_commit_get_a_warning_first(repo):
    edit(repo / "spec" / "source" / "xt-spot-response-codes.md", "| ORDER_002 | insufficient funds |", "| ORDER_002 | insufficient balance |")
    synced = sync(repo)
    assert synced.returncode == 0, synced.stderr
    first = synced.stdout.splitlines()[0]
    assert first.startswith("check sources: the pages of xt-api add, change or drop codes, dated 2025-01-22 (commit 8edf738)")
    assert "set sources.xt-api to the commit and date they come from" in first


def test_every_mistake_of_one_run_is_reported_at_once_and_nothing_is_written(repo):
    edit(repo / "spec" / "source" / "xt-margin-response-codes.zh.md", "    | LEVER_ORDER_031 | 还款数量错误 |\n", "")
    edit(repo / "spec" / "source" / "xt-spot-response-codes.md", "| ORDER_002 | insufficient funds |\n",
         "| ORDER_002 | insufficient funds |\n    | ORDER_002 | out of money |\n")
    before = snapshot(repo)
    lines = error_lines(sync(repo))
    assert len(lines) == 2, lines
    assert lines[0].startswith("spec/source/xt-spot-response-codes.md:") and "'ORDER_002' is listed again" in lines[0]
    assert lines[1].startswith("spec/source/xt-margin-response-codes.md:") and "'LEVER_ORDER_031'" in lines[1]
    assert snapshot(repo) == before


def test_a_retired_code_documented_again_is_current_again_with_its_gap_in_its_history(repo):
    spec_file = repo / "spec" / "catalog.yaml"
    # LEVER_1004 as if XT had dropped it on 2024-05-01 and the pages list it again
    edit(
        spec_file,
        "exception: SubAccountPermissionError\n",
        "exception: SubAccountPermissionError\n        retired: true\n",
    )
    text = spec_file.read_text(encoding="utf-8")
    entry = text.index("  - code: LEVER_1004\n")
    at = text.index("        name: LEVER_1004\n", entry)
    spec_file.write_text(text[:at] + "        removed: {date: '2024-05-01', commit: abc1234}\n" + text[at:], encoding="utf-8")
    result = sync(repo)
    assert result.returncode == 0, result.stderr
    assert "documented again mc LEVER_1004 (retired since 2024-05-01)" in result.stdout
    synced = spec_file.read_text(encoding="utf-8")
    entry = synced[synced.index("  - code: LEVER_1004\n") :]
    entry = entry[: entry.index("\n      - code:")]
    assert "retired:" not in entry and "\n        removed:" not in entry
    # its first `since` stays; the time it was gone is its gap, restored as of its pages' source
    assert "        since: {date: '2024-02-01', commit: 4c93879}\n" in entry
    assert "gaps:\n          - removed: {date: '2024-05-01', commit: abc1234}\n            restored: {date: " in entry


def test_without_its_erratum_a_duplicate_stops_the_sync_naming_both_lines(repo):
    spec_file = repo / "spec" / "catalog.yaml"
    text = spec_file.read_text(encoding="utf-8")
    start = text.index("  - code: SYMBOL_001\n    texts: [Symbol not exist")
    end = text.index("  - code: SYMBOL_001", start + 1)
    spec_file.write_text(text[:start] + text[end:], encoding="utf-8")
    line = one_line_error(sync(repo))
    assert line.startswith("spec/source/xt-spot-response-codes.md:122: duplicate code 'SYMBOL_001'")
    assert "first on line 41" in line and "errata" in line and "stands: 'Symbol not exist'" in line


def test_an_erratum_xt_made_unnecessary_stops_the_sync_as_stale(repo):
    for stem in ("xt-spot-response-codes", "xt-spot-copy-trading-response-codes"):
        edit(repo / "spec" / "source" / f"{stem}.md", "    | SYMBOL_001  | Symbol does not exist  |\n", "")
        edit(repo / "spec" / "source" / f"{stem}.zh.md", "    | SYMBOL_001  | 交易对不存在  |\n", "")
    english, chinese = error_lines(sync(repo))
    assert english.startswith("spec/catalog.yaml:")
    assert "erratum for 'SYMBOL_001' ('Symbol not exist' / 'Symbol does not exist')" in english
    assert "erratum for 'SYMBOL_001' ('交易对不存在' / '交易对不存在')" in chinese
    assert "matches nothing" in english and "matches nothing" in chinese


def test_a_row_missing_from_a_chinese_page_stops_the_sync_naming_both_pages(repo):
    edit(repo / "spec" / "source" / "xt-margin-response-codes.zh.md", "    | LEVER_ORDER_031 | 还款数量错误 |\n", "")
    line = one_line_error(sync(repo))
    assert line.startswith("spec/source/xt-margin-response-codes.md:46: code 'LEVER_ORDER_031'")
    assert re.search(r"the Chinese table at spec/source/xt-margin-response-codes\.zh\.md:\d+;", line)
    assert "missing_in: zh" in line
    spec_file = repo / "spec" / "catalog.yaml"
    edit(
        spec_file,
        "matched by code and texts\n",
        "matched by code and texts\n  - code: LEVER_ORDER_031\n    texts: [Wrong repayment amount.]\n"
        "    missing_in: zh\n    why: the Chinese margin page lost the row\n",
    )
    resolved = sync(repo)
    assert resolved.returncode == 0, resolved.stderr


def test_a_row_listed_twice_on_the_english_page_only_says_so(repo):
    page = repo / "spec" / "source" / "xt-user-center-response-codes.md"
    text = page.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines(keepends=True) if line.startswith("    | AUTH_") or line.startswith("    | NO_OPERATION"))
    page.write_text(text.replace(row, row + row, 1), encoding="utf-8")
    line = one_line_error(sync(repo))
    assert "is listed again here (first on line" in line and "not again in the Chinese table" in line


def test_pages_with_a_different_number_of_tables_stop_the_sync(repo):
    page = repo / "spec" / "source" / "xt-user-center-response-codes.zh.md"
    text = page.read_text(encoding="utf-8")
    start = text.index("    | rc | return Code |")
    end = text.index("    | mc | message code |")
    page.write_text(text[:start] + text[end:], encoding="utf-8")
    line = one_line_error(sync(repo))
    assert line.startswith("spec/source/xt-user-center-response-codes.zh.md:")
    assert "the two pages must have the same tables" in line and "xt-user-center-response-codes.md" in line


def test_a_revision_adding_and_rewording_codes_syncs_with_a_report(repo):
    source = repo / "spec" / "source"
    for suffix, text in ((".md", "Symbol delisted"), (".zh.md", "交易对已下架")):
        edit(source / f"xt-spot-response-codes{suffix}", "    | SYMBOL_010 |", f"    | SYMBOL_012 | {text} |\n    | SYMBOL_010 |")
    edit(source / "xt-third-party-response-codes.md", "| AUTH_105 | outdated message |", "| AUTH_105 | request expired |")
    result = sync(repo)
    assert result.returncode == 0, result.stderr
    report = result.stdout.splitlines()
    assert "added mc SYMBOL_012 (spot)" in report
    assert "changed mc AUTH_105 variants (other texts XT gives for it)" in report
    text = (repo / "spec" / "catalog.yaml").read_text(encoding="utf-8")
    assert "code: SYMBOL_012\n        description: Symbol delisted\n        description_zh: 交易对已下架" in text
    # The next sync has nothing to report, and the curation it guessed is kept.
    again = sync(repo)
    assert again.returncode == 0 and "added" not in again.stdout


# -- pages run on their own (`--source PAGE --out DIR`) --------------------------------------


def test_a_chinese_page_needs_its_english_page(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "spot.zh.md").write_text("| mc | 消息码 |\n| --- | --- |\n| A_1 | 一 |\n", encoding="utf-8")
    result = codegen_in_process("--source", "source", "--out", "out", "--no-site", cwd=tmp_path)
    assert one_line_error(result) == "source/spot.zh.md:1: this Chinese page has no English page (x.md for x.zh.md or x_cn.md)"
    assert not (tmp_path / "out").exists()


def test_same_code_on_two_products_pages_merges_keeping_every_text(tmp_path):
    one = tmp_path / "docs" / "a.md"
    one.parent.mkdir()
    one.write_text("| mc | message code |\n| --- | --- |\n| A_1 | one |\n| A_2 | two |\n")
    (tmp_path / "docs" / "b.md").write_text("| mc | message code |\n| --- | --- |\n| A_1 | one |\n| A_3 | three |\n")
    ok = run_codegen("--source", tmp_path / "docs", "--out", tmp_path / "out", "--no-site", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    text = (tmp_path / "out" / "spec" / "catalog.yaml").read_text()
    assert text.index("code: A_1") < text.index("code: A_2") < text.index("code: A_3")
    assert "added mc A_1 (a, b)" in ok.stdout and "added mc A_3 (b)" in ok.stdout
    assert "products: [a, b]" in text
    (tmp_path / "docs" / "b.md").write_text("| mc | message code |\n| --- | --- |\n| A_1 | uno |\n| A_3 | three |\n")
    again = run_codegen("--source", tmp_path / "docs", "--out", tmp_path / "out", "--no-site", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "changed mc A_1 variants" in again.stdout
    text = (tmp_path / "out" / "spec" / "catalog.yaml").read_text()
    assert "description: one\n" in text and "- pages: [b.md]\n            description: uno" in text


def test_spot_page_conflict_names_both_lines(tmp_path):
    result = run_codegen("--source", SPOT_PAGE, "--out", tmp_path, "--no-site")
    said = one_line_error(result)
    assert ":122: duplicate code 'SYMBOL_001'" in said and "line 41" in said
    # The line names the spec entry that would accept it.
    assert "errata: {code: SYMBOL_001, texts: ['Symbol not exist', 'Symbol does not exist'], stands: 'Symbol not exist'" in said
    assert not any(tmp_path.iterdir())


def test_futures_page_produces_a_catalog(tmp_path):
    result = run_codegen("--source", FUTURES_COPY_PAGE, "--out", tmp_path, "--no-site")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "spec" / "catalog.yaml").read_text()
    assert "code: '200'" in text and "code: invalid_triggerProfitPrice" in text
    assert "enum: StatusCode" in text


def test_out_dir_with_a_spec_keeps_its_curation(tmp_path):
    """`--source PAGE --out DIR` syncs into DIR's spec, so a catalog can build on curation."""
    out = tmp_path / "other"
    (out / "spec").mkdir(parents=True)
    first = run_codegen("--source", SEED, "--out", out, "--no-site")
    assert first.returncode == 0, first.stderr
    spec_file = out / "spec" / "catalog.yaml"
    edit(spec_file, "exception: Auth105Error", "exception: StaleRequestError  # curated here")
    page = tmp_path / "margin-v2.md"
    page.write_text(SEED.read_text(encoding="utf-8").replace("| Repeat request. |", "| Repeated request. |"), encoding="utf-8")
    second = run_codegen("--source", page, "--out", out, "--no-site")
    assert second.returncode == 0, second.stderr
    assert "new product margin_v2 (margin-v2.md)" in second.stdout
    text = spec_file.read_text(encoding="utf-8")
    assert "exception: StaleRequestError  # curated here" in text
    assert "description: Repeated request." in text


# -- any revision of XT's pages: a correct report, or one precise line ---------

PAGES = {path.name: path.read_text(encoding="utf-8") for path in sorted(XT_PAGES.iterdir())}


def _semantic(built) -> dict[tuple[str, str], object]:
    """What a maintainer reads in the report: each code's texts, products and endpoints."""
    return {
        (table.key, code.text): (
            code.description,
            code.description_zh,
            code.products,
            code.endpoints,
            frozenset(code.variants),
        )
        for table in built.tables
        for code in table.codes
    }


def _revise(text: str, op: str, index: int, words: str) -> str:
    lines = text.split("\n")
    rows = [i for i, line in enumerate(lines) if line.lstrip().startswith("| ") and "---" not in line]
    if not rows:  # the WebSocket pages' codes are in frames' comments
        return text
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


class _Frozen:
    """The frozen spec, loaded once (a ruamel round-trip load takes most of a sync), and its pages read."""

    def __init__(self) -> None:
        self.spec = file.load((XT_API / "spec" / "catalog.yaml").read_text(encoding="utf-8"), "spec/catalog.yaml")
        self.pages = {name: self.read(name, text) for name, text in PAGES.items()}
        _, self.before = self.catalog(self.pages)

    @staticmethod
    def read(name: str, text: str) -> document.Document:
        return document.parse_page(text, name, name)

    def catalog(self, pages: dict[str, document.Document]):
        """The sync report and the catalog the frozen spec gives for `pages` (on a copy of the spec)."""
        tree = copy.deepcopy(self.spec)
        report, places = sync_in_memory(tree, list(pages.values()))
        built, _ = freeze.build(tree, "spec/catalog.yaml", places, package.own_names())
        return report, built


@pytest.fixture(scope="module")
def frozen() -> _Frozen:
    return _Frozen()


def test_the_frozen_pages_sync_with_nothing_to_report(frozen):
    report, built = frozen.catalog(frozen.pages)
    assert report == [] and _semantic(built) == _semantic(frozen.before)
    assert sum(len(table.codes) for table in built.tables) > 0


@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(PAGES)),
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
def test_any_revision_syncs_with_a_true_report_or_stops_with_one_line(frozen, edits):
    revised = dict(PAGES)
    for name, op, index, words in edits:
        revised[name] = _revise(revised[name], op, index, words)
    try:
        pages = {name: frozen.read(name, text) if text != PAGES[name] else frozen.pages[name] for name, text in revised.items()}
        report, after = frozen.catalog(pages)
    except SourceError as error:
        # one line per mistake, each located
        for line in str(error).split("\n"):
            assert re.match(r"[^:]+:\d+: \S", line), str(error)
        return
    old, new = _semantic(frozen.before), _semantic(after)
    changed = {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}
    # Every change of a code's texts or products is in the report, and nothing else is.
    # A report line names its table and code ("changed ws.text Invalid Parameter description: ..."),
    # and a code may hold a space: each known code is looked for as a whole.
    lines = [line for line in report if line.startswith(("added ", "changed "))]
    reported = {
        key for key in old.keys() | new.keys() for line in lines if line.split(" ", 1)[1].startswith(f"{key[0]} {key[1]} ")
    }
    assert changed == reported, (report, changed)


# -- a spec that refuses silent loss ---------------------------------------------------------


def test_a_chinese_twin_that_disappears_stops_until_an_erratum_says_xt_dropped_it(repo):
    (repo / "spec" / "source" / "xt-margin-response-codes.zh.md").unlink()
    said = one_line_error(sync(repo))
    assert said.startswith("spec/source/xt-margin-response-codes.md:1: this page's Chinese twin xt-margin-response-codes.zh.md")
    assert "{page: xt-margin-response-codes.md, missing_in: zh" in said
    spec_file = repo / "spec" / "catalog.yaml"
    edit(spec_file, "errata:  # curated", "errata:  # curated\n  - page: xt-margin-response-codes.md\n    missing_in: zh\n    why: gone\n  #")
    synced = sync(repo)
    assert synced.returncode == 0, synced.stderr
    assert "description_zh: 杠杠本金不足" not in spec_file.read_text(encoding="utf-8")


def test_a_code_entered_twice_in_the_spec_stops_at_its_second_entry(repo):
    spec_file = repo / "spec" / "catalog.yaml"
    text = spec_file.read_text(encoding="utf-8")
    start = text.index("      - code: LEVER_1004\n")
    end = text.index("      - code:", start + 1)
    spec_file.write_text(text[:end] + text[start:end] + text[end:], encoding="utf-8")
    line = text[:end].count("\n") + 1
    said = one_line_error(sync(repo))
    assert said.startswith(f"spec/catalog.yaml:{line}: table 'mc' code 'LEVER_1004' is entered twice (first on line ")


@pytest.mark.parametrize("path", ["/future/trade/../v1/order/create", "/future/<script>alert(1)</script>"])
def test_an_endpoint_that_is_not_a_clean_path_stops(repo, path):
    edit(repo / "spec" / "source" / "xt-futures-order-create-order.md", "description: /future/trade/v1/order/create", f"description: {path}")
    edit(repo / "spec" / "source" / "xt-futures-order-create-order.zh.md", "description: /future/trade/v1/order/create", f"description: {path}")
    result = sync(repo)
    assert result.returncode == 2, result.stdout
    assert "xt-futures-order-create-order.md:1: the endpoint" in result.stderr and "is not a clean path" in result.stderr


def test_an_endpoint_two_pages_claim_stops_until_an_erratum_says_both_document_it(repo):
    for name in ("xt-futures-order-cancel-order.md", "xt-futures-order-cancel-order.zh.md"):
        edit(repo / "spec" / "source" / name, "description: /future/trade/v1/order/cancel", "description: /future/trade/v1/order/create")
    (said,) = error_lines(sync(repo))
    assert said.startswith("spec/source/xt-futures-order-create-order.md:1: the page xt-futures-order-cancel-order.md documents POST /future/trade/v1/order/create too")
    assert "{page: xt-futures-order-create-order.md, endpoint: POST /future/trade/v1/order/create, why: ...}" in said
    edit(
        repo / "spec" / "catalog.yaml",
        "errata:  # curated",
        "errata:  # curated\n  - page: xt-futures-order-create-order.md\n    endpoint: POST /future/trade/v1/order/create\n    why: both\n  #",
    )
    synced = sync(repo)
    assert synced.returncode == 0, synced.stderr


def test_a_code_of_look_alike_characters_stops_until_an_erratum_reads_it_as_written(repo):
    lookalike = "\u0410UTH_105"  # a Cyrillic А
    for name in ("xt-margin-response-codes.md", "xt-margin-response-codes.zh.md"):
        edit(repo / "spec" / "source" / name, "| AUTH_105 |", f"| {lookalike} |")
    said = error_lines(sync(repo))
    assert any("CYRILLIC CAPITAL LETTER A (U+0410)" in line and "as_written: true" in line for line in said), said
