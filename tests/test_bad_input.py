"""Bad input: one line `FILE:LINE: what is wrong`, exit 2, no traceback, nothing written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED, run_codegen

HEAD = "---\ntitle: response code\ncontent_markdown: |-\n"
TABLE = "    | mc | message code |\n    | --- | --- |\n"  # lines 4 and 5


def doc(rows: str, tail: str = "left_code_blocks:\n---\n") -> str:
    return HEAD + TABLE + rows + tail


CASES = {
    # name: (document text or bytes, expected line, words in the message)
    "not utf-8": (doc("    | A_1 | ok |\n").encode() + b"\n\xff\xfe\n", 10, "UTF-8"),
    "empty file": ("", 1, "empty"),
    "unterminated front matter": ("---\ntitle: x\ncontent_markdown: |-\n    | a | b |\n", 1, "never closed"),
    "invalid yaml": ("---\ntitle: [x\ncontent_markdown: |-\n    | a |\n---\n", 3, "invalid YAML"),
    "duplicate key": (HEAD + TABLE + "    | A_1 | ok |\ntitle: again\n---\n", 7, "duplicate key 'title'"),
    "anchor": ("---\na: &x 1\ncontent_markdown: |-\n    | a | b |\n---\n", 2, "anchor"),
    "alias": ("---\na: 1\nb: *x\n---\n", 3, "alias"),
    "tag": ("---\na: !!python/object:os.system echo\ncontent_markdown: x\n---\n", 2, "tag"),
    "no content_markdown": ("---\ntitle: x\n---\n", 1, "content_markdown"),
    "no tables": (HEAD + "    Just words.\n---\n", 4, "no response-code table"),
    "missing separator": (HEAD + "    | mc | message code |\n    | A_1 | ok |\n---\n", 4, "separator"),
    "separator mismatch": (HEAD + "    | mc | d |\n    | --- | --- | --- |\n    | A | b |\n---\n", 5, "separator has 3 cells"),
    "wrong cell count": (doc("    | A_1 | ok |\n    | A_2 | ok | extra |\n"), 7, "3 cells"),
    "empty code": (doc("    | A_1 | ok |\n    |  | nothing |\n"), 7, "empty code"),
    "empty description": (doc("    | A_1 |   |\n"), 6, "empty description"),
    "duplicate code": (doc("    | A_1 | one |\n    | A_2 | two |\n    | A_1 | three |\n"), 8, "first on line 6"),
    "identifier collision": (doc("    | AUTH_001 | one |\n    | AUTH-001 | two |\n"), 7, "MessageCode.AUTH_001"),
}


FRESH_TREE = {"identifier collision"}


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """A tree generated from the seed, to check that bad input leaves it untouched."""
    out = tmp_path_factory.mktemp("tree")
    result = run_codegen("--source", SEED, "--out", out, "--no-site")
    assert result.returncode == 0, result.stderr
    return out


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_one_line_error(result, path: str, line: int, words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}:{line}: "), lines[0]
    assert words in lines[0], lines[0]


@pytest.mark.parametrize("case", list(CASES))
def test_bad_document(case, tree, tmp_path):
    text, line, words = CASES[case]
    bad = tmp_path / "bad.md"
    bad.write_bytes(text if isinstance(text, bytes) else text.encode())
    # A document that parses meets the seed's spec (and would retire its codes),
    # so the checks past parsing run against an empty tree.
    out = tree if case not in FRESH_TREE else tmp_path / "fresh"
    before = snapshot(out) if out.exists() else None
    result = run_codegen("--source", bad, "--out", out, "--no-site", cwd=tmp_path)
    assert_one_line_error(result, "bad.md", line, words)
    assert (snapshot(out) if out.exists() else None) == before


def test_unreadable_file(tree, tmp_path):
    missing = tmp_path / "missing.md"
    result = run_codegen("--source", missing, "--out", tree, "--no-site", cwd=tmp_path)
    assert_one_line_error(result, "missing.md", 1, "no such file")


def test_unreadable_permissions(tree, tmp_path):
    bad = tmp_path / "locked.md"
    bad.write_text(doc("    | A_1 | ok |\n"))
    bad.chmod(0)
    try:
        bad.read_bytes()
        pytest.skip("running as a user who can read any file")
    except PermissionError:
        pass
    result = run_codegen("--source", bad, "--out", tree, "--no-site", cwd=tmp_path)
    assert_one_line_error(result, "locked.md", 1, "cannot read")


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (("        kind: authentication", "        kind: authentication\n        colour: red"), "unknown field 'colour'"),
        (("        line: 39", "        line: thirty-nine"), "'line' must be an integer"),
        (("    enum: MessageCode", "    enum: [MessageCode]"), "'enum' must be a string"),
        (("        name: AUTH_105", "        name: 'not a name'"), "is not a Python name"),
    ],
)
def test_hand_broken_spec(edit, words, tmp_path):
    out = tmp_path / "tree"
    shutil.copytree(SEED.parent.parent.parent, out, ignore=shutil.ignore_patterns(".venv", ".git", "site", "*.pyc"))
    spec = out / "spec" / "catalog.yaml"
    old, new = edit
    text = spec.read_text()
    assert old in text
    broken = text.replace(old, new, 1)
    spec.write_text(broken)
    line = broken[: broken.index(new.split("\n")[-1])].count("\n") + 1
    before = snapshot(out / "generated")
    result = run_codegen("--source", "spec/source", "--out", out, "--no-site", cwd=out)
    assert_one_line_error(result, "spec/catalog.yaml", line, words)
    assert snapshot(out / "generated") == before
    assert spec.read_text() == broken
