"""The generated `xt_errors` package, used as a trader would use it."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import xt_errors
from codegen.document import format_document
from tests.conftest import ROOT, Answering, loopback, real_doc, run_codegen, run_python

# Each meaning and family, and its class, as the package defines them.
MEANINGS = xt_errors._codes.KIND_CLASSES
FAMILIES = xt_errors._codes.FAMILY_CLASSES


def test_enums_like_http_status():
    mc = xt_errors.MessageCode
    assert mc("AUTH_105") is mc.AUTH_105 == "AUTH_105"
    assert list(mc)[:3] == [mc.SUCCESS, mc.FAILURE, mc.AUTH_001]
    assert mc.AUTH_105.description == "outdated message"
    assert mc.LEVER_ORDER_006.family == "LEVER_ORDER" and mc.SUCCESS.family is None
    assert mc.AUTH_105.docs_url.endswith("#auth_105")
    assert mc.AUTH_105.exception is xt_errors.StaleRequestError
    assert mc.SUCCESS.exception is None
    assert xt_errors.HttpStatus(429) is xt_errors.HttpStatus.TOO_MANY_REQUESTS
    assert xt_errors.HttpStatus(429).exception is xt_errors.RateLimitError
    assert xt_errors.HttpStatus(503).exception is xt_errors.ServiceUnavailableError
    assert xt_errors.ReturnCode(1) is xt_errors.ReturnCode.FAILURE
    assert xt_errors.HttpStatus.SERVICE_UNAVAILABLE.retryable is True


def test_one_class_per_error_code_named_in_the_spec():
    classes = [m.exception for table in (xt_errors.HttpStatus, xt_errors.ReturnCode, xt_errors.MessageCode) for m in table if m.exception]
    assert len(classes) == len(set(classes))
    assert xt_errors.MessageCode.LEVER_ORDER_006.exception.__name__ == "InsufficientLeverageCapitalError"
    doc = xt_errors.InsufficientLeverageCapitalError.__doc__
    assert "Insufficient leverage capital." in doc and "#lever_order_006" in doc
    assert "may or may not" in xt_errors.OutcomeUnknownError.__doc__


@pytest.mark.parametrize("member", [m for m in xt_errors.MessageCode if m.exception], ids=str)
def test_every_seed_code_raises_its_class_family_and_meaning(member):
    body = json.dumps({"rc": 1, "mc": str(member), "ma": [], "result": None}).encode()
    with pytest.raises(xt_errors.XTError) as caught:
        xt_errors.raise_for_response(200, body)
    error = caught.value
    assert type(error) is member.exception
    if member.family:
        assert isinstance(error, FAMILIES[member.family])
    if member.kind in MEANINGS:
        assert isinstance(error, MEANINGS[member.kind])
    assert error.mc is member and error.rc == 1 and error.http_status == 200
    assert error.message == member.description and error.docs_url == member.docs_url
    assert error.body == body and error.retryable == member.retryable


def test_response_rules():
    check = xt_errors.raise_for_response
    assert check(200, {"rc": 0, "mc": "SUCCESS", "ma": [], "result": {"id": 7}}) == {"id": 7}
    assert check(200, '{"rc":0,"mc":"SUCCESS","result":[1]}') == [1]
    with pytest.raises(xt_errors.StaleRequestError) as caught:
        check(401, b'{"rc":1,"mc":"AUTH_105"}')
    assert caught.value.http_status == 401
    with pytest.raises(xt_errors.ServiceUnavailableError) as unavailable:
        check(503, b"<html>down</html>")
    assert isinstance(unavailable.value, xt_errors.OutcomeUnknownError)
    with pytest.raises(xt_errors.BadGatewayError) as gateway:
        check(502, b"")
    assert isinstance(gateway.value, xt_errors.ServiceUnavailableError)
    with pytest.raises(xt_errors.RateLimitError) as limited:
        check(429, None, {"Retry-After": "7"})
    assert limited.value.retry_after == 7.0
    with pytest.raises(xt_errors.HttpError) as teapot:
        check(418, "")
    assert teapot.value.http_status == 418
    with pytest.raises(xt_errors.UnknownCodeError) as unknown:
        check(200, {"rc": 1, "mc": "AUTH_999"})
    assert unknown.value.mc == "AUTH_999" and isinstance(unknown.value, xt_errors.AuthError)
    for bad in (b'{"rc": 1, "mc": "AU', b"[1, 2]", b"\xff\xfe", "not json"):
        with pytest.raises(xt_errors.MalformedResponseError) as malformed:
            check(200, bad)
        assert malformed.value.http_status == 200 and malformed.value.body
    with pytest.raises(xt_errors.BusinessFailureError):
        check(200, {"rc": 1})


def test_placeholders_are_filled_from_ma_when_they_fit(tmp_path):
    doc = tmp_path / "page.md"
    doc.write_text(format_document("t", [("mc", "message code", [("SUCCESS", "ok"), ("W_1", "must be more than {0}")])]))
    assert run_codegen("--source", doc, "--out", tmp_path / "out", "--no-site").returncode == 0
    code = (
        "import xt_errors as x\n"
        "for ma in ([5], [], None, 'x'):\n"
        "    try: x.raise_for_response(200, {'rc': 1, 'mc': 'W_1', 'ma': ma})\n"
        "    except x.XTError as e: print(e.message)\n"
    )
    result = run_python(code, tmp_path / "out" / "generated")
    assert result.stdout.splitlines() == ["must be more than 5"] + ["must be more than {0}"] * 3


@given(st.one_of(st.none(), st.binary(max_size=40), st.text(max_size=40), st.dictionaries(st.sampled_from(["rc", "mc", "ma", "result", "returnCode", "error"]), st.one_of(st.none(), st.integers(), st.text(max_size=8), st.lists(st.integers(), max_size=2)))), st.integers(100, 599))
@settings(max_examples=300, deadline=None)
def test_nothing_but_xt_errors_escape(body, status):
    try:
        xt_errors.raise_for_response(status, body, {"Retry-After": "soon"})
    except xt_errors.XTError:
        pass


def _outcome(status, body):
    try:
        return ("returned", xt_errors.raise_for_response(status, body))
    except xt_errors.XTError as error:
        return (type(error), error.http_status, error.rc, error.mc, error.message)


@given(
    st.dictionaries(
        st.sampled_from(["rc", "mc", "ma", "result"]),
        st.one_of(
            st.none(),
            st.sampled_from([0, 1, 2]),
            st.sampled_from(["SUCCESS", "FAILURE", "AUTH_105", "LEVER_ORDER_006", "AUTH_999"]),
            st.lists(st.integers(), max_size=2),
        ),
    ),
    st.sampled_from([200, 401, 429, 503, 418]),
)
@settings(max_examples=300, deadline=None)
def test_parsed_and_raw_bodies_answer_alike(data, status):
    """The fast path for a parsed dict must agree with the full rules for its JSON text."""
    raw = _outcome(status, json.dumps(data).encode())
    for _ in range(2):  # the second time, a code met before takes the fast path
        assert _outcome(status, data) == raw


def test_errors_pickle():
    made = xt_errors.InsufficientLeverageCapitalError(http_status=200, rc=1, mc=xt_errors.MessageCode.LEVER_ORDER_006)
    with pytest.raises(xt_errors.XTError) as raised:
        xt_errors.raise_for_response(429, b"", {"Retry-After": "3"})
    fields = ("http_status", "rc", "mc", "message", "body", "retry_after", "retryable", "docs_url")
    for error in (made, raised.value):
        again = pickle.loads(pickle.dumps(error))
        assert type(again) is type(error)
        assert [getattr(again, f) for f in fields] == [getattr(error, f) for f in fields]
        assert str(again) == str(error)


def test_explain_command():
    run = lambda *a: subprocess.run([sys.executable, "-m", "xt_errors", *a], capture_output=True, text=True)  # noqa: E731
    shown = run("auth_105")
    assert shown.returncode == 0
    for words in ("outdated message", "AUTH", "authentication", "retry:", "StaleRequestError", "#auth_105", "clock"):
        assert words in shown.stdout
    unknown = run("AUTH_10")
    assert unknown.returncode == 1 and "AUTH_105" in unknown.stderr
    listing = run("--list")
    assert listing.returncode == 0 and "InsufficientLeverageCapitalError" in listing.stdout


@pytest.mark.skipif(shutil.which("ruff") is None and not (ROOT / ".venv/bin/ruff").exists(), reason="ruff not installed")
def test_generated_code_is_lint_format_and_type_clean():
    package = ROOT / "generated" / "xt_errors"
    bindir = ROOT / ".venv" / "bin"
    ruff = str(bindir / "ruff") if (bindir / "ruff").exists() else "ruff"
    for args in (["check", "--isolated", str(package)], ["format", "--isolated", "--check", str(package)]):
        result = subprocess.run([ruff, *args], capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "xt_errors"], cwd=ROOT / "generated", capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout


def test_futures_package_imports_and_works(tmp_path):
    futures = real_doc("futures-copy-trading-error-codes.md")
    assert run_codegen("--source", futures, "--out", tmp_path, "--no-site").returncode == 0
    code = (
        "import xt_errors as x\n"
        "assert x.StatusCode('invalid_triggerProfitPrice').description == 'Trigger profit price illegal'\n"
        "try: x.raise_for_response(400, {'returnCode': 1, 'error': {'code': 'invalid_params', 'msg': 'p'}})\n"
        "except x.InvalidRequestError as e: print(type(e).__name__, e.http_status)\n"
    )
    result = run_python(code, tmp_path / "generated")
    assert result.stdout.strip() == "InvalidParamsError 400", result.stderr


_hostile = st.lists(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"), blacklist_characters="\ufeff\x85") | st.sampled_from(['"""', "'''", "\\", "{{", "}}", "{%", "%}", "é", "class", "None"]), min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)


@given(st.lists(st.tuples(st.sampled_from(["class", "None", "1abc", "invalid_triggerProfitPrice", "X_1", "import", "e-9", "ÉTÉ_2"]), _hostile), min_size=1, max_size=6, unique_by=lambda row: row[0]))
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_any_catalog_renders_a_package_that_round_trips(tmp_path_factory, rows):
    work = tmp_path_factory.mktemp("hyp")
    doc = work / "page.md"
    doc.write_text(format_document("t", [("mc", "message code", rows)]))
    result = run_codegen("--source", doc, "--out", work / "out", "--no-site")
    assert result.returncode == 0, result.stderr
    code = (
        "import json, sys, xt_errors as x\n"
        "rows = json.loads(sys.argv[1])\n"
        "for code, text in rows:\n"
        "    m = x.MessageCode(code)\n"
        "    assert m.description == text, (m.description, text)\n"
        "    try: x.raise_for_response(200, {'rc': 1, 'mc': code})\n"
        "    except x.XTError as e: assert type(e) is m.exception and e.message == text\n"
        "print('ok')\n"
    )
    checked = run_python(code, work / "out" / "generated", json.dumps(rows))
    assert checked.stdout.strip() == "ok", checked.stderr


# -- a real client against a local XT-like server -----------------------------

ANSWERS = {
    "/ok": (200, {}, b'{"rc":0,"mc":"SUCCESS","ma":[],"result":{"orderId":"1"}}'),
    "/auth": (200, {}, b'{"rc":1,"mc":"AUTH_103","ma":[],"result":null}'),
    "/lever-order": (200, {}, b'{"rc":1,"mc":"LEVER_ORDER_006","ma":[],"result":null}'),
    "/lever": (200, {}, b'{"rc":1,"mc":"LEVER_1004","ma":[],"result":null}'),
    "/gateway": (200, {}, b'{"rc":1,"mc":"GATEWAY_0002","ma":[],"result":null}'),
    "/limited": (429, {"Retry-After": "2"}, b'{"rc":1,"mc":"FAILURE"}'[:0]),
    "/down": (503, {"Content-Type": "text/html"}, b"<html><body>503</body></html>"),
    "/unknown": (200, {}, b'{"rc":1,"mc":"NEW_CODE_001","ma":[],"result":null}'),
    "/truncated": (200, {}, b'{"rc":1,"mc":"AUTH_1'),
}
EXPECTED = {
    "/auth": xt_errors.InvalidSignatureError,
    "/lever-order": xt_errors.InsufficientLeverageCapitalError,
    "/lever": xt_errors.SubAccountPermissionError,
    "/gateway": xt_errors.RiskControlError,
    "/limited": xt_errors.RateLimitError,
    "/down": xt_errors.ServiceUnavailableError,
    "/unknown": xt_errors.UnknownCodeError,
    "/truncated": xt_errors.MalformedResponseError,
}


class _Handler(Answering):
    def do_GET(self):  # noqa: N802
        self.answer(*ANSWERS[self.path])


@pytest.fixture(scope="module")
def server():
    with loopback(_Handler) as url:
        yield url


@pytest.mark.parametrize("client", ["requests", "httpx"])
def test_check_with_real_clients(server, client):
    library = pytest.importorskip(client)
    assert xt_errors.check(library.get(f"{server}/ok")) == {"orderId": "1"}
    for path, cls in EXPECTED.items():
        with pytest.raises(cls) as caught:
            xt_errors.check(library.get(f"{server}{path}"))
        assert caught.value.http_status == ANSWERS[path][0]
        if path == "/limited":
            assert caught.value.retry_after == 2.0


def test_wheel_holds_only_the_generated_package(tmp_path):
    pytest.importorskip("build")
    result = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    if result.returncode != 0 and "setuptools" in result.stderr + result.stdout:
        pytest.skip("setuptools is not installed for a build without isolation")
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    package = [n for n in names if not n.startswith("xt_errors-")]
    assert package and all(n.startswith("xt_errors/") for n in package)
    assert "xt_errors/py.typed" in names and "xt_errors/__init__.pyi" in names and "xt_errors/_classes/message_code_auth.py" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "xt-errors = xt_errors.__main__:main" in entry_points
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Project-URL: Documentation, " in metadata and "License-File: LICENSE" in metadata
    assert "Requires-Dist" not in metadata.split("\n\n")[0].replace("Requires-Dist: ", "Requires-Dist: ") or all(
        "extra ==" in line for line in metadata.splitlines() if line.startswith("Requires-Dist")
    )


def test_generator_is_type_clean():
    # The generator's own code is held to the same bar as what it generates.
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "codegen"], cwd=ROOT, capture_output=True, text=True)
    assert mypy.returncode == 0, mypy.stdout
