"""Stage 2: the canonical spec stays in sync with the documentation and keeps curation."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED, real_doc, run_codegen


def test_committed_tree_is_what_the_documentation_gives():
    result = run_codegen("--check")
    assert result.returncode == 0, result.stderr


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    out = tmp_path / "repo"
    shutil.copytree(ROOT / "spec", out / "spec")
    shutil.copytree(ROOT / "generated", out / "generated")
    return out


def test_edited_description_is_stale_then_synced_with_curation_intact(repo_copy):
    source = repo_copy / "spec" / "source" / "xt-margin-response-codes.md"
    source.write_text(source.read_text().replace("| Wrong loan amount. |", "| Loan amount out of range. |"))
    args = ("--source", repo_copy / "spec" / "source", "--out", repo_copy, "--no-site")
    stale = run_codegen(*args, "--check")
    assert stale.returncode == 1
    assert "spec/catalog.yaml" in stale.stderr
    synced = run_codegen(*args)
    assert synced.returncode == 0
    assert "changed mc LEVER_ORDER_003 description: 'Wrong loan amount.' -> 'Loan amount out of range.'" in synced.stdout
    spec = (repo_copy / "spec" / "catalog.yaml").read_text()
    assert "description: Loan amount out of range." in spec
    assert "exception: InvalidLoanAmountError" in spec
    assert "kind: authentication  # XT rejects requests older than validate-recvwindow" in spec
    assert run_codegen(*args, "--check").returncode == 0


def test_a_text_changed_on_one_product_page_is_kept_as_its_variant(repo_copy):
    source = repo_copy / "spec" / "source" / "xt-margin-response-codes.md"
    source.write_text(source.read_text().replace("| outdated message |", "| request expired |"))
    args = ("--source", repo_copy / "spec" / "source", "--out", repo_copy, "--no-site")
    synced = run_codegen(*args)
    assert synced.returncode == 0, synced.stderr
    assert "changed mc AUTH_105 variants" in synced.stdout
    spec = (repo_copy / "spec" / "catalog.yaml").read_text()
    entry = spec[spec.index("- code: AUTH_105") :][:900]
    assert "description: outdated message" in entry  # spot's text stands: spot comes first
    assert "- products: [margin]\n            description: request expired" in entry


def test_vanished_code_fails_unless_retired(repo_copy):
    for name in ("xt-margin-response-codes.md", "xt-margin-response-codes.zh.md"):
        source = repo_copy / "spec" / "source" / name
        lines = source.read_text().splitlines(keepends=True)
        source.write_text("".join(line for line in lines if "LEVER_1004" not in line))
    args = ("--source", repo_copy / "spec" / "source", "--out", repo_copy, "--no-site")
    failed = run_codegen(*args)
    assert failed.returncode == 2
    assert "LEVER_1004" in failed.stderr and "retired" in failed.stderr
    spec = repo_copy / "spec" / "catalog.yaml"
    text = spec.read_text()
    spec.write_text(text.replace("exception: SubAccountPermissionError\n", "exception: SubAccountPermissionError\n        retired: true\n"))
    assert run_codegen(*args).returncode == 0, run_codegen(*args).stderr
    assert "retired: true" in spec.read_text()
    enum = (repo_copy / "generated" / "xt_errors" / "_codes.py").read_text()
    assert "LEVER_1004 = " in enum


def test_same_code_on_two_products_pages_merges_keeping_every_text(tmp_path):
    one = tmp_path / "docs" / "a.md"
    one.parent.mkdir()
    one.write_text("| mc | message code |\n| --- | --- |\n| A_1 | one |\n| A_2 | two |\n")
    (tmp_path / "docs" / "b.md").write_text("| mc | message code |\n| --- | --- |\n| A_1 | one |\n| A_3 | three |\n")
    ok = run_codegen("--source", tmp_path / "docs", "--out", tmp_path / "out", "--no-site", cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr
    spec = (tmp_path / "out" / "spec" / "catalog.yaml").read_text()
    assert spec.index("code: A_1") < spec.index("code: A_2") < spec.index("code: A_3")
    assert "added mc A_1 (a, b)" in ok.stdout and "added mc A_3 (b)" in ok.stdout
    assert "products: [a, b]" in spec
    (tmp_path / "docs" / "b.md").write_text("| mc | message code |\n| --- | --- |\n| A_1 | uno |\n| A_3 | three |\n")
    again = run_codegen("--source", tmp_path / "docs", "--out", tmp_path / "out", "--no-site", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert "changed mc A_1 variants" in again.stdout
    spec = (tmp_path / "out" / "spec" / "catalog.yaml").read_text()
    assert "description: one\n" in spec and "- products: [b]\n            description: uno" in spec


def test_spot_page_conflict_names_both_lines(tmp_path):
    spot = real_doc("spot-response-codes.md")
    result = run_codegen("--source", spot, "--out", tmp_path, "--no-site")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert ":122: duplicate code 'SYMBOL_001'" in result.stderr and "line 41" in result.stderr
    # The line names the spec entry that would accept it.
    assert "errata: {code: SYMBOL_001, texts: ['Symbol not exist', 'Symbol does not exist'], stands: 'Symbol not exist'" in result.stderr
    assert not any(tmp_path.iterdir())


def test_futures_page_produces_a_catalog(tmp_path):
    futures = real_doc("futures-copy-trading-error-codes.md")
    result = run_codegen("--source", futures, "--out", tmp_path, "--no-site")
    assert result.returncode == 0, result.stderr
    spec = (tmp_path / "spec" / "catalog.yaml").read_text()
    assert "code: '200'" in spec and "code: invalid_triggerProfitPrice" in spec
    assert "enum: StatusCode" in spec


@pytest.mark.parametrize("seed", ["0", "12345"])
def test_output_is_byte_identical_across_runs_and_hash_seeds(tmp_path, seed):
    first, second = tmp_path / "one", tmp_path / "two"
    for out, hash_seed in ((first, "1"), (second, seed)):
        result = run_codegen("--source", SEED, "--out", out, "--no-site", env={"PYTHONHASHSEED": hash_seed})
        assert result.returncode == 0, result.stderr
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative


def test_every_generated_file_says_it_is_generated():
    for path in (ROOT / "generated" / "xt_errors").glob("*.py*"):
        assert "Generated by `python -m codegen`" in path.read_text().splitlines()[0], path
    assert (ROOT / "spec" / "catalog.yaml").read_text().startswith("# The canonical catalog")


def test_a_run_with_nothing_new_stops_early_but_never_misses_a_change(tmp_path):
    args = ("--source", SEED, "--out", tmp_path, "--no-site")
    assert run_codegen(*args).returncode == 0
    again = run_codegen(*args)
    assert again.returncode == 0 and "nothing changed" in again.stdout
    # A hand edit to a generated file is a change: the next run puts it right.
    enum = tmp_path / "generated" / "xt_errors" / "_codes.py"
    pristine = enum.read_text()
    enum.write_text(pristine + "# edited by hand\n")
    repaired = run_codegen(*args)
    assert repaired.returncode == 0 and "1 written" in repaired.stdout
    assert enum.read_text() == pristine
    # So is a curated edit to the spec.
    spec = tmp_path / "spec" / "catalog.yaml"
    text = spec.read_text()
    assert "exception: Auth105Error" in text
    spec.write_text(text.replace("exception: Auth105Error", "exception: ExpiredRequestError"))
    assert "written" in run_codegen(*args).stdout
    assert "ExpiredRequestError" in (tmp_path / "generated" / "xt_errors" / "__init__.pyi").read_text()
