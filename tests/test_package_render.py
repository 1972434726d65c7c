"""Stage 5 (codegen/render/package.py): any catalog renders a package that imports and answers with its codes."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codegen.spec import guesses
from tests.conftest import FUTURES_COPY_PAGE, package_from, package_of, run_python


def test_placeholders_are_filled_from_ma_when_they_fit(tmp_path):
    package = package_of([("mc", "message code", [("SUCCESS", "ok"), ("W_1", "must be more than {0}")])], tmp_path)
    code = (
        "import xt_errors as x\n"
        "for ma in ([5], [], None, 'x'):\n"
        "    try: x.raise_for_response(200, {'rc': 1, 'mc': 'W_1', 'ma': ma})\n"
        "    except x.XTError as e: print(e.message)\n"
    )
    result = run_python(code, package)
    assert result.stdout.splitlines() == ["must be more than 5"] + ["must be more than {0}"] * 3


def test_xts_inline_markdown_reads_as_plain_text_in_a_terminal_and_stays_in_the_catalog(tmp_path):
    locked, at_least = "Missing `validate-appkey`: locked for **`{0}` hours**", "`origQty` must be greater than \\*"
    package = package_of([("mc", "message code", [("SUCCESS", "ok"), ("W_1", locked), ("W_2", at_least)])], tmp_path)
    code = (
        "import xt_errors as x\n"
        "for mc in ('W_1', 'W_2'):\n"
        "    try: x.raise_for_response(200, {'rc': 1, 'mc': mc, 'ma': [2]})\n"
        "    except x.XTError as e: print(e.message); print(e.code.description)\n"
    )
    result = run_python(code, package)
    expected = ["Missing validate-appkey: locked for 2 hours", locked, "origQty must be greater than 2", at_least]
    assert result.stdout.splitlines() == expected, result.stderr
    shown = run_python("import sys, xt_errors.__main__ as m; sys.exit(m.main(['W_1']))", package)
    assert shown.stdout.splitlines()[0] == "W_1: Missing validate-appkey: locked for {0} hours", shown.stderr


def test_futures_package_imports_and_works(tmp_path):
    package = package_from(FUTURES_COPY_PAGE, tmp_path)
    code = (
        "import xt_errors as x\n"
        "assert x.StatusCode('invalid_triggerProfitPrice').description == 'Trigger profit price illegal'\n"
        "try: x.raise_for_response(400, {'returnCode': 1, 'error': {'code': 'invalid_params', 'msg': 'p'}})\n"
        "except x.InvalidRequestError as e: print(type(e).__name__, e.http_status)\n"
    )
    result = run_python(code, package)
    assert result.stdout.strip() == "InvalidParamsError 400", result.stderr


_hostile = st.lists(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\ufeff\x85") | st.sampled_from(['"""', "'''", "\\", "{{", "}}", "{%", "%}", "é", "class", "None"]), min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)


@given(st.lists(st.tuples(st.sampled_from(["class", "None", "1abc", "invalid_triggerProfitPrice", "X_1", "import", "e-9", "_1", "X__Y"]), _hostile), min_size=1, max_size=6, unique_by=lambda row: row[0]))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_catalog_renders_a_package_that_round_trips(tmp_path_factory, rows):
    package = package_of([("mc", "message code", rows)], tmp_path_factory.mktemp("hyp"))
    code = (
        "import json, sys, xt_errors as x\n"
        "from xt_errors._base import plain\n"
        "rows = json.loads(sys.argv[1])\n"
        "for code, text in rows:\n"
        "    m = x.MessageCode(code)\n"
        "    assert m.description == text, (m.description, text)\n"
        "    try: x.raise_for_response(200, {'rc': 1, 'mc': code})\n"
        # the message reads XT's inline markdown as plain text: \\" is "
        "    except x.XTError as e: assert type(e) is m.exception and e.message == plain(text)\n"
        "print('ok')\n"
    )
    checked = run_python(code, package, json.dumps(rows))
    assert checked.stdout.strip() == "ok", checked.stderr


def test_a_new_code_named_like_a_python_exception_gets_a_name_of_its_own(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("| error.code | msg |\n| --- | --- |\n| timeout | timed out |\n| import | bad import |\n", encoding="utf-8")
    imported = run_python("import xt_errors; print(xt_errors.XtTimeoutError.__name__, xt_errors.XtImportError.__name__)",
                          package_from(page, tmp_path / "out"))
    assert imported.stdout.split() == ["XtTimeoutError", "XtImportError"], imported.stderr
    assert guesses.exception_name("timeout", "error_code") == "XtTimeoutError"


def test_a_new_codes_taken_names_are_replaced_by_free_ones_and_the_package_generates(tmp_path):
    # Each natural name is taken: by the same code spelled another way (AUTH-001), by a
    # family's class for unknown codes (UNKNOWN_AUTH), by a meaning class (PERMISSION_DENIED),
    # by the package itself (family CODE: UnknownCodeError) or by Python (family TIMEOUT).
    rows = [
        ("AUTH_001", "one"),
        ("AUTH-001", "two"),
        ("UNKNOWN_AUTH", "u"),
        ("PERMISSION_DENIED", "No permission"),
        ("CODE_001", "first"),
        ("TIMEOUT_1", "late"),
    ]
    package = package_of([("mc", "message code", rows)], tmp_path)
    code = (
        "import xt_errors as x\n"
        "m = x.MessageCode\n"
        "names = [m(c).name + ':' + m(c).exception.__name__ for c in "
        "('AUTH_001', 'AUTH-001', 'UNKNOWN_AUTH', 'PERMISSION_DENIED', 'CODE_001', 'TIMEOUT_1')]\n"
        "print(' '.join(names))\n"
        "print(x.UnknownAuthError.__mro__[1].__name__, x.CodeFamilyError.__name__, x.UnknownTimeoutFamilyError.__name__)\n"
        "assert x.PermissionDeniedError is not m('PERMISSION_DENIED').exception\n"
    )
    result = run_python(code, package)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first.split() == [
        "AUTH_001:Auth001Error",
        "AUTH_001_2:PageAuth001Error",
        "UNKNOWN_AUTH:PageUnknownAuthError",
        "PERMISSION_DENIED:PagePermissionDeniedError",
        "CODE_001:Code001Error",
        "TIMEOUT_1:Timeout1Error",
    ]
    assert second.split() == ["UnknownCodeError", "CodeFamilyError", "UnknownTimeoutFamilyError"]
