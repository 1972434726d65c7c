"""Any document either becomes a package that imports and gives its codes back, or stops with one line."""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen import document
from codegen.__main__ import main
from tests.conftest import run_python

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
        lines.append("| " + " | ".join(document.escape_cell(cell) for cell in cells) + " |")
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
        lines.append(f"| {document.format_code_cell(one)} | {document.escape_cell(text)} |")
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


OUTCOMES = {"generated": 0, "stopped": 0}


def run(source: Path, out: Path) -> tuple[int, str]:
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
        status = main(["--source", str(source), "--out", str(out), "--no-site"])
    return status, errors.getvalue()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page())
def test_any_document_generates_a_working_package_or_stops_with_one_line(text):
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder, "page.md"), Path(folder, "out")
        source.write_text(text, encoding="utf-8")
        status, said = run(source, out)
        OUTCOMES["generated" if status == 0 else "stopped"] += 1
        if status != 0:
            assert status == 2, said
            assert re.fullmatch(r"[^\n]+(page\.md|catalog\.yaml):[0-9]+: [^\n]+\n", said), said
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


def test_the_property_saw_both_outcomes():
    """Runs after the property: it is only worth something if both kinds of page came up."""
    if sum(OUTCOMES.values()) == 0:
        return  # the property was deselected
    print(OUTCOMES)
    assert OUTCOMES["generated"] > 0 and OUTCOMES["stopped"] > 0, OUTCOMES
