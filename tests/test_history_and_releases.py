"""XT's record and the package's releases: since, changes and removed codes from the
replayed history; the version a change needs; CHANGELOG.md; catalog.json's schema."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import xt_errors
from tests.conftest import (
    PACKAGE,
    ROOT,
    XT_API,
    copy_tree,
    frozen_file,
    run_codegen,
    run_python,
)

jsonschema = pytest.importorskip("jsonschema")


def _copy(tmp_path: Path) -> Path:
    """What `python -m codegen` reads of this repository, in a tree of its own."""
    tree = tmp_path / "tree"
    shutil.copytree(XT_API / "spec", tree / "spec")
    shutil.copytree(ROOT / "codegen", tree / "codegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copyfile(ROOT / "pyproject.toml", tree / "pyproject.toml")
    shutil.copyfile(ROOT / "README.md", tree / "README.md")  # its sections are the site's guide
    return tree


def _run(tree: Path, *args: str):
    return run_codegen("--source", tree / "spec" / "source", "--out", tree, "--no-site", *args, cwd=tree)


def test_a_code_dates_from_the_commit_that_first_documented_it():
    symbol = xt_errors.MessageCode.SYMBOL_011
    assert symbol.since == "2025-01-16"
    spec = (XT_API / "spec" / "catalog.yaml").read_text(encoding="utf-8")
    entry = spec[spec.index("      - code: SYMBOL_011") :]
    assert "since: {date: '2025-01-16', commit: 9d6ad07}" in entry[: entry.index("\n      - code:", 10)]


def test_http_401_and_403_date_from_the_first_chinese_spot_page_whose_table_is_headed_in_chinese():
    # That page heads its table 状态码; before a route took it, the replay dropped it silently.
    for status in (xt_errors.HttpStatus.UNAUTHORIZED, xt_errors.HttpStatus.FORBIDDEN):
        assert status.since == "2022-09-07"
    spec = (XT_API / "spec" / "catalog.yaml").read_text(encoding="utf-8")
    entry = spec[spec.index("      - code: 401") :]
    entry = entry[: entry.index("\n      - code:", 10)]
    assert "since: {date: '2022-09-07', commit: 34958c2}" in entry
    assert "gaps:\n          - removed: {date: '2022-09-08', commit: c8812cd}\n            restored: {date: '2023-01-31', commit: 465118e}" in entry


def test_a_past_table_no_spec_table_takes_stops_the_replay(tmp_path):
    tree = copy_tree(XT_API, tmp_path / "tree")
    spec_file = tree / "spec" / "catalog.yaml"
    text = spec_file.read_text(encoding="utf-8")
    for rule in ("      - header: 状态码  # the first Chinese spot page's statuses, in the history\n        rows: integers\n", "      - header: 状态码\n        rows: names\n"):
        text = text.replace(rule, "")
    spec_file.write_text(text, encoding="utf-8")
    result = _run(tree, "--replay-history")
    assert result.returncode == 2, result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("spec/history/documentation_cn/01-2022-09-07-34958c2.md:8: no table of the spec takes the rows of this past table '状态码'")


def test_a_code_xt_dropped_stays_retired_with_its_dates_and_still_raises_its_class():
    member = xt_errors.MessageCode.ORDER_F0701
    assert member.retired and (member.since, member.removed) == ("2022-09-08", "2022-09-28")
    with pytest.raises(xt_errors.OrderError) as raised:
        xt_errors.raise_for_response(200, {"rc": 1, "mc": "ORDER_F0701", "ma": [], "result": None})
    assert type(raised.value) is member.exception and "retired" in str(raised.value)
    assert "2022-09-28" in str(raised.value) and raised.value.message == member.description
    assert {"AUTH_P_01_0", "AUTH_B_O2", "ORDER_F0801"} <= {m.value for m in xt_errors.MessageCode if m.retired}


def test_a_retired_code_says_so_in_the_readers_language():
    shown = run_python(
        "import xt_errors\n"
        "try:\n"
        "    xt_errors.raise_for_response(200, {'rc': 1, 'mc': 'ORDER_F0701', 'ma': [], 'result': None})\n"
        "except xt_errors.XTError as error:\n"
        "    print(error)\n"
        "    print(error.message == xt_errors.MessageCode.ORDER_F0701.description_zh)\n",
        PACKAGE,
        env={"XT_ERRORS_LANGUAGE": "zh"},
    )
    text, alone = shown.stdout.splitlines()
    assert "[已停用的代码：XT 已于 2022-09-28 从文档中删除]。详见 " in text and text.endswith("#order_f0701"), shown.stderr
    assert alone == "True"  # the message is XT's words alone; str() adds the note


def test_text_changes_are_dated_and_listed_on_the_changes_page():
    changes = xt_errors.MessageCode.AUTH_001.changes
    english = [change for change in changes if change.language == "en" and change.before]
    assert [(c.date, c.commit) for c in english] == [("2023-05-23", "6fd33af")]
    assert "xt-validate-appkey" in english[0].before and english[0].after == "missing request header validate-appkey"
    page = html.unescape(frozen_file("docs/en/changes.md"))
    assert 'id="2023-05-23"' in page
    day = page[page.index('id="2023-05-23"') : page.index("<h2", page.index('id="2023-05-23"') + 10)]
    assert "AUTH_001" in day and "missing request header validate-appkey" in day and "6fd33af" in day
    assert 'id="2025-01-16"' in page and "SYMBOL_011" in page


def test_the_cli_shows_what_changed_since_a_date():
    shown = subprocess.run(
        [sys.executable, "-m", "xt_errors", "--since", "2025-01-01"], capture_output=True, text=True, check=True
    ).stdout
    assert "2025-01-16 added MessageCode SYMBOL_011" in shown
    assert "2023-05-23" not in shown
    events = json.loads(
        subprocess.run([sys.executable, "-m", "xt_errors", "--since", "2022-09-01", "--json"], capture_output=True, text=True).stdout
    )
    assert any(event["event"] == "removed" and event["code"] == "MessageCode ORDER_F0701" for event in events)
    bad = subprocess.run([sys.executable, "-m", "xt_errors", "--since", "last year"], capture_output=True, text=True)
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr


def test_replaying_the_history_again_changes_nothing(tmp_path):
    tree = _copy(tmp_path)
    result = _run(tree, "--replay-history")
    assert result.returncode == 0, result.stderr
    assert (tree / "spec" / "catalog.yaml").read_text(encoding="utf-8") == (XT_API / "spec" / "catalog.yaml").read_text(encoding="utf-8")


def test_a_history_erratum_that_matches_nothing_stops_the_replay(tmp_path):
    tree = _copy(tmp_path)
    spec = tree / "spec" / "catalog.yaml"
    text = spec.read_text(encoding="utf-8").replace("texts: [子账户暂无交易权限, 当前下单价格或数量精度异常]", "texts: [子账户暂无交易权限, 别的文本]")
    spec.write_text(text, encoding="utf-8")
    result = _run(tree, "--replay-history")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert "duplicate code 'ORDER_007'" in result.stderr or "matches no past revision" in result.stderr


def test_a_later_sync_stamps_what_it_changes_with_the_pages_source(tmp_path):
    tree = _copy(tmp_path)
    page = tree / "spec" / "source" / "xt-spot-response-codes.md"
    page.write_text(page.read_text(encoding="utf-8").replace("| AUTH_105 | outdated message |", "| AUTH_105 | the request is outdated |"), encoding="utf-8")
    sources = tree / "spec" / "catalog.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").replace("commit: 8edf738\n    date: '2025-01-22'", "commit: abc1234\n    date: '2026-12-01'"), encoding="utf-8")
    result = _run(tree)
    assert result.returncode == 0, result.stderr
    spec = sources.read_text(encoding="utf-8")
    entry = spec[spec.index("      - code: AUTH_105") :]
    entry = entry[: entry.index("\n      - code:", 10)]
    assert "{date: '2026-12-01', commit: abc1234, language: en, from: outdated message, to: the request is outdated}" in entry


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    """A copy of the repository with its catalog recorded as released."""
    tree = _copy(tmp_path_factory.mktemp("released"))
    result = _run(tree, "--release")
    assert result.returncode == 0, result.stderr
    version = tomllib.loads((tree / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert (tree / "spec" / "releases" / f"{version}.json").is_file()
    assert _run(tree, "--check").returncode == 0
    return tree


def _released(released: Path, tmp_path: Path) -> Path:
    tree = tmp_path / "copy"
    shutil.copytree(released, tree, ignore=shutil.ignore_patterns(".codegen-cache"))
    return tree


def _edit_spec(tree: Path, old: str, new: str) -> None:
    spec = tree / "spec" / "catalog.yaml"
    text = spec.read_text(encoding="utf-8")
    assert old in text
    spec.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("old", "new", "level", "words"),
    [
        ("exception: StaleRequestError\n        kind: authentication", "exception: StaleRequestError\n        kind: invalid_request", "major", "class StaleRequestError re-parented"),
        ("exception: StaleRequestError\n", "exception: OutdatedRequestError\n", "major", "class StaleRequestError removed"),
        ("exception: StaleRequestError\n", "exception: OutdatedRequestError\n        aliases: [StaleRequestError]\n", "minor", "renamed"),
        ("hint: 'Sync the clock", "hint: 'Resync the clock", "patch", "text, hint or date changed"),
    ],
)
def test_check_demands_the_bump_a_change_needs_in_one_line(released, tmp_path, old, new, level, words):
    tree = _released(released, tmp_path)
    if old.startswith("hint:"):
        spec = (tree / "spec" / "catalog.yaml").read_text(encoding="utf-8")
        old = re.search(r"hint: '[^'\n]*", spec[spec.index("code: AUTH_105") :]).group(0)  # type: ignore[union-attr]
        new = old.replace("hint: '", "hint: 'Now: ")
    _edit_spec(tree, old, new)
    check = _run(tree, "--check")  # it syncs and checks, writing nothing
    assert check.returncode == 1 and len(check.stderr.splitlines()) == 1, check.stderr
    assert check.stderr.startswith("pyproject.toml:") and f"a {level} change" in check.stderr and words in check.stderr


def test_a_new_code_demands_a_minor_bump(released, tmp_path):
    tree = _released(released, tmp_path)
    for name, row in (("xt-spot-response-codes.md", "| AUTH_107 | a new code |"), ("xt-spot-response-codes.zh.md", "| AUTH_107 | 新代码 |")):
        page = tree / "spec" / "source" / name
        text = page.read_text(encoding="utf-8")
        line = next(line for line in text.splitlines() if "| AUTH_106 |" in line)
        page.write_text(text.replace(line, line + "\n" + line[: line.index("|")] + row), encoding="utf-8")
    check = _run(tree, "--check")
    assert check.returncode == 1 and "a minor change: 1 new code" in check.stderr


def test_this_repositorys_changelog_and_package_agree_with_pyproject():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{version}]" in changelog and "## [0.1.0] - 2026-11-24" in changelog
    assert changelog.index(f"## [{version}]") < changelog.index("## [0.1.0]")
    shown = run_python("import xt_errors; print(xt_errors.__version__)", ROOT / "generated")
    assert shown.stdout.strip() == version, shown.stderr


def test_catalog_json_validates_against_its_schema_and_a_broken_one_does_not():
    data = json.loads(frozen_file("docs/en/catalog.json"))
    schema = json.loads(frozen_file("docs/en/catalog.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    validator.validate(data)
    assert data["$schema"].endswith("/catalog.schema.json") and schema["$id"] == data["$schema"]
    broken = json.loads(json.dumps(data))
    del broken["tables"][2]["codes"][0]["exception"]
    errors = list(validator.iter_errors(broken))
    assert errors and "'exception' is a required property" in errors[0].message
    wrong = json.loads(json.dumps(data))
    wrong["tables"][0]["codes"][0]["retryable"] = "no"
    assert not validator.is_valid(wrong)


def test_a_release_refuses_codes_no_one_has_curated(tmp_path):
    tree = _copy(tmp_path)
    for name, text in (("xt-spot-response-codes.md", "Pair suspended"), ("xt-spot-response-codes.zh.md", "交易对已暂停")):
        page = tree / "spec" / "source" / name
        rows = page.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(index for index, row in enumerate(rows) if "| SYMBOL_011 |" in row)
        rows.insert(at + 1, f"    | SYMBOL_012 | {text} |\n")
        page.write_text("".join(rows), encoding="utf-8")
    before = {path: path.read_bytes() for path in sorted(tree.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}
    result = _run(tree, "--release")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert re.fullmatch(r"spec/catalog\.yaml:\d+: to curate: mc SYMBOL_012 \(still the guessed class \w+ and kind \w+\): give it a hint.*\n", result.stderr)
    after = {path: path.read_bytes() for path in sorted(tree.rglob("*")) if path.is_file() and "__pycache__" not in path.parts}
    assert after == before
    synced = _run(tree)  # a plain run syncs it and lists it to curate
    assert synced.returncode == 0 and "to curate: mc SYMBOL_012" in synced.stdout
