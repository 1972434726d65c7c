"""Bad input: one line `FILE:LINE: what is wrong`, exit 2, no traceback, nothing written; any other document makes a working package.

The runs go through `python -m codegen`'s entry point in this process (`codegen_in_process`),
a hundred interpreter start-ups fewer; test_unreadable_file runs the command itself.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.read import document, front_matter
from codegen.spec import guesses
from tests.conftest import (
    SEED,
    assert_one_line_error,
    codegen_in_process,
    copy_tree,
    edit,
    one_line_error,
    run_codegen,
    run_python,
    snapshot,
)

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
    "table split by a blank line": (doc("    | A_1 | ok |\n\n    | A_2 | lost |\n"), 8, "blank line above"),
    "extra column": (doc("    | A_1 | ok | more |\n"), 6, "3 cells, the header has 2"),
    "escape in a cell": (doc("    | A_1 | o\x1bk |\n"), 6, "U+001B"),
    "nul in a cell": (doc("    | A_1 | ok |\n    | A_2 | o\x00k |\n"), 7, "U+0000"),
    "c1 in a cell": (doc("    | A_1 | o\x9bk |\n"), 6, "U+009B"),
    "negative http status": (HEAD + "    | httpStatus | description |\n    | --- | --- |\n    | -1 | minus |\n---\n", 6, "not a Python name"),
    "code too long to be one": (doc("    | A_1 | ok |\n    | A_" + "9" * 5000 + " | huge |\n"), 7, "5,002 characters"),
    "integer code past 4,300 digits": (HEAD + "    | httpStatus | description |\n    | --- | --- |\n    | 200 | ok |\n    | " + "9" * 5000 + " | huge |\n---\n", 7, "at most 100"),
    "integer code past 64 bits": (HEAD + "    | httpStatus | description |\n    | --- | --- |\n    | 200 | ok |\n    | 99999999999999999999 | huge |\n---\n", 7, "fit in 64 bits"),
}


FRESH_TREE = {"negative http status"}


@pytest.fixture
def tree(seed_tree, tmp_path) -> Path:
    """A tree generated from the margin page alone, to check that bad input leaves it untouched."""
    return copy_tree(seed_tree, tmp_path / "tree")


@pytest.mark.parametrize("case", list(CASES))
def test_bad_document(case, tree, tmp_path):
    text, line, words = CASES[case]
    bad = tmp_path / "bad.md"
    bad.write_bytes(text if isinstance(text, bytes) else text.encode())
    # A document that parses meets the seed's spec (and would retire its codes),
    # so the checks past parsing run against an empty tree.
    out = tree if case not in FRESH_TREE else tmp_path / "fresh"
    before = snapshot(out) if out.exists() else None
    result = codegen_in_process("--source", bad, "--out", out, "--no-site", cwd=tmp_path)
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
    result = codegen_in_process("--source", bad, "--out", tree, "--no-site", cwd=tmp_path)
    assert_one_line_error(result, "locked.md", 1, "cannot read")


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (("        kind: authentication", "        kind: authentication\n        colour: red"), "unknown field 'colour'"),
        (("    retryable: false", "    retryable: maybe"), "'retryable' must be true or false"),
        (("    enum: MessageCode", "    enum: [MessageCode]"), "'enum' must be a string"),
        (("        name: AUTH_105", "        name: 'not a name'"), "is not a Python name"),
    ],
)
def test_hand_broken_spec(change, words, xt_api_tree, tmp_path):
    out = copy_tree(xt_api_tree, tmp_path / "repo")
    spec = out / "spec" / "catalog.yaml"
    old, new = change
    edit(spec, old, new)
    broken = spec.read_text()
    line = broken[: broken.index(new.split("\n")[-1])].count("\n") + 1
    before = snapshot(out / "generated")
    result = codegen_in_process("--source", "spec/source", "--out", out, "--no-site", cwd=out)
    assert_one_line_error(result, "spec/catalog.yaml", line, words)
    assert snapshot(out / "generated") == before
    assert spec.read_text() == broken


# -- a spec that would make a package that does not import ---------------------------

CURATED = ["mro", "_missing_", "_ignore_", "_value_", "Code", "SITE_URL", "annotations",
           "from_response", "MESSAGE_CODE_ENUMS", "\ufb01le", "UnknownAuthError", "XTError", "IntEnum"]


def edited_tree(tree: Path, old: str, new: str) -> tuple[Path, int]:
    """The tree with `old` replaced by `new` in its spec, and the line of the change."""
    return tree, edit(tree / "spec" / "catalog.yaml", old, new)


@pytest.mark.parametrize("value", CURATED)
@pytest.mark.parametrize("field", ["enum", "name", "exception"])
def test_curated_names_never_make_a_broken_package(field, value, tree):
    old = {"enum": "    enum: MessageCode\n", "name": "        name: AUTH_001\n",
           "exception": "        exception: Auth001Error\n"}[field]
    out, line = edited_tree(tree, old, old.replace(old.split(": ")[1].strip(), value))
    before = snapshot(out)
    result = codegen_in_process("--source", SEED, "--out", out, "--no-site", cwd=out)
    assert "Traceback" not in result.stderr
    if result.returncode != 0:
        assert re.match(r"[^:]+:[0-9]+: ", one_line_error(result))
        assert snapshot(out) == before
        return
    # Accepted: then the package must import and give the name asked for.
    lookup = {
        "enum": f"getattr(xt_errors, {value!r}).AUTH_001",
        "name": f"xt_errors.MessageCode[{value!r}]",
        "exception": f"getattr(xt_errors, {value!r}).__name__",
    }[field]
    imported = run_python(f"import xt_errors; print({lookup})", out / "generated")
    assert imported.returncode == 0, imported.stderr


def test_a_curated_member_name_is_blamed_at_its_spec_line(tree):
    out, line = edited_tree(tree, "        name: AUTH_001\n", "        name: mro\n")
    result = codegen_in_process("--source", SEED, "--out", out, "--no-site", cwd=out)
    assert_one_line_error(result, "spec/catalog.yaml", line, "mro")


@pytest.mark.parametrize(
    "url",
    ['https://x/"><script>alert(1)</script>', "javascript:alert(1)", "/relative/", "https://x/a b/",
     "ftp://x/", "https://x/?q=1#f"],
)
def test_site_url_must_be_a_plain_absolute_url(url, tree):
    out, line = edited_tree(tree, f"site_url: {guesses.SITE_URL}\n",
                            f"site_url: '{url}'\n")
    result = codegen_in_process("--source", SEED, "--out", out, "--no-site", cwd=out)
    assert_one_line_error(result, "spec/catalog.yaml", line, "site_url")


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ("title: " + "[" * 20000 + "]" * 20000 + "\n", "nests deeper"),
        ("".join(" " * i + "a:\n" for i in range(0, 600, 2)) + "title: x\n", "nests deeper"),
    ],
    ids=["flow", "block"],
)
def test_a_deep_spec_gives_one_line(new, words, tree):
    out, _ = edited_tree(tree, "title: ", new + "old_title: ")
    said = one_line_error(codegen_in_process("--source", SEED, "--out", out, "--no-site", cwd=out))
    assert words in said


def test_a_huge_number_in_the_spec_gives_one_line(tree):
    out, line = edited_tree(tree, "    retryable: false\n", "    retryable: " + "9" * 5000 + "\n")
    result = codegen_in_process("--source", SEED, "--out", out, "--no-site", cwd=out)
    assert_one_line_error(result, "spec/catalog.yaml", line, "too large")


def test_a_huge_code_in_the_spec_gives_one_line(tree):
    out, line = edited_tree(tree, "      - code: 200\n", "      - code: 0x" + "f" * 3600 + "\n")
    result = codegen_in_process("--source", SEED, "--out", out, "--no-site", cwd=out)
    assert_one_line_error(result, "spec/catalog.yaml", line, "fit in 64 bits")


@pytest.mark.parametrize(
    ("bad", "words"), [(b"\x14", "U+0014 is not allowed"), (b"\x7f", "U+007F"), (b"\xff", "not valid UTF-8")]
)
def test_a_bad_character_in_the_spec_is_one_line_at_its_line(bad, words, tree):
    out, line = edited_tree(tree, "        kind: authentication\n", "        kind: authentication\n")
    spec = out / "spec" / "catalog.yaml"
    data = spec.read_bytes()
    at = data.index(b"        kind: authentication\n") + len(b"        kind: auth")
    spec.write_bytes(data[:at] + bad + data[at:])
    result = codegen_in_process("--source", SEED, "--out", out, "--no-site", cwd=out)
    assert_one_line_error(result, "spec/catalog.yaml", line, words)


@pytest.mark.parametrize(("name", "owner"), [("get_language", "the package itself"), ("RetryPolicy", "the package itself"),
                                             ("Exception", "a Python built-in"), ("TimeoutError", "a Python built-in")])
def test_names_of_the_api_and_builtins_are_not_for_the_spec(name, owner, tree):
    out, line = edited_tree(tree, "    enum: MessageCode\n", f"    enum: {name}\n")
    result = codegen_in_process("--source", SEED, "--out", out, "--no-site", cwd=out)
    assert_one_line_error(result, "spec/catalog.yaml", line, f"already taken by {owner}")


# -- any document: a package that imports and gives its codes back, or one line ------------

NASTY_CODES = ["AUTH_001", "AUTH_002", "UNKNOWN_AUTH", "mro", "_missing_", "_ignore_", "Code",
               "SITE_URL", "annotations", "-1", "007", "200", "0", "\ufb01le_1", "class", "name",
               "XT_001", "HTTP_001", "a b", "A-1", "IntEnum", "AUTH_001 "]
KEYS = ["mc", "httpStatus", "rc", "code", "IntEnum", "Status code", "mro"]

code = st.one_of(st.sampled_from(NASTY_CODES),
                 st.text(st.characters(codec="utf-8", exclude_characters="|\n\r`\\"), min_size=1, max_size=12))
description = st.text(st.characters(codec="utf-8", exclude_characters="\n\r"), min_size=0, max_size=20)


@st.composite
def table(draw) -> list[str]:
    key = draw(st.sampled_from(KEYS))
    columns = draw(st.sampled_from([2, 2, 2, 3, 1]))
    lines = [f"| {key} |" + " title |" * (columns - 1)]
    lines.append("|" + " --- |" * draw(st.sampled_from([columns, columns, columns + 1])))
    for _ in range(draw(st.integers(0, 4))):
        cells = [draw(code), draw(description)] + ["x"] * draw(st.integers(0, 1))
        lines.append("| " + " | ".join(front_matter.escape_cell(cell) for cell in cells) + " |")
    return lines


@st.composite
def good_table(draw) -> list[str]:
    """A table as XT writes them, with a nasty code or text now and then."""
    key = draw(st.sampled_from(["mc", "mc", "httpStatus", "rc", "Status code"]))
    lines = [f"| {key} | title |", "| --- | --- |"]
    codes = draw(st.lists(st.one_of(st.from_regex(r"[A-Z]{1,5}_[0-9]{3}", fullmatch=True),
                                    st.sampled_from(NASTY_CODES)), min_size=1, max_size=4, unique=True))
    for one in codes:
        text = draw(st.one_of(st.just("a plain description"), description.filter(str.strip)))
        lines.append(f"| {front_matter.format_code_cell(one)} | {front_matter.escape_cell(text)} |")
    return lines


fragment = st.one_of(
    good_table(),
    good_table(),
    table(),
    st.sampled_from([[""], ["```"], ["~~~"], ["<!--"], ["-->"], ["    | A_9 | indented |"],
                     ["> | mc | quoted |"], ["Some text."], ["| A_3 | orphan |"], ["- | A_4 | listed |"]]),
)


@st.composite
def page(draw) -> str:
    lines = [line for part in draw(st.lists(fragment, min_size=1, max_size=6)) for line in part]
    markdown = "\n".join(lines) + "\n"
    if draw(st.booleans()):
        return markdown
    body = "\n".join("    " + line if line else "" for line in lines)
    return f"---\ntitle: t\ncontent_markdown: |-\n{body}\n\nleft_code_blocks:\n---\n"


def test_any_document_generates_a_working_package_or_stops_with_one_line():
    outcomes = {"generated": 0, "stopped": 0}

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(page())
    def generates_or_stops(text):
        with tempfile.TemporaryDirectory() as folder:
            source, out = Path(folder, "page.md"), Path(folder, "out")
            source.write_text(text, encoding="utf-8")
            result = codegen_in_process("--source", source, "--out", out, "--no-site")
            status, said = result.returncode, result.stderr
            outcomes["generated" if status == 0 else "stopped"] += 1
            if status != 0:
                assert status == 2, said
                # one line per mistake, each located
                assert re.fullmatch(r"([^\n]+(page\.md|catalog\.yaml):[0-9]+: [^\n]+\n)+", said), said
                assert not out.exists()
                return
            rows = {(row.code, row.description)
                    for found in document.parse_document(text, "page.md") for row in found.rows}
            back = run_python(
                "import json, xt_errors.__main__ as cli\n"
                "print(json.dumps([[str(m.value), m.description] for e in cli.TABLES for m in e]))",
                out / "generated",
            )
            assert back.returncode == 0, back.stderr
            assert {tuple(pair) for pair in json.loads(back.stdout)} == rows

    generates_or_stops()
    # The property is only worth something if both kinds of page came up.
    assert outcomes["generated"] > 0 and outcomes["stopped"] > 0, outcomes
