"""`xt-errors CODE`, the console script, as a user runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import xt_errors


def _script() -> list[str]:
    found = Path(sys.executable).parent / "xt-errors"
    if not found.exists():
        found = shutil.which("xt-errors")
    if found is None:
        pytest.skip("the console script is not installed (pip install -e .)")
    return [str(found)]


@pytest.fixture(params=["script", "module"])
def cli(request):
    command = _script() if request.param == "script" else [sys.executable, "-m", "xt_errors"]
    return lambda *args: subprocess.run([*command, *args], capture_output=True, text=True, timeout=60)


def test_explains_a_code_by_value_or_class_name(cli):
    for key in ("AUTH_105", "auth105", "StaleRequestError"):
        shown = cli(key)
        assert shown.returncode == 0, shown.stderr
        assert shown.stdout.startswith("AUTH_105: outdated message") and "xt_errors.StaleRequestError" in shown.stdout


def test_json(cli):
    shown = cli("429", "--json")
    (record,) = json.loads(shown.stdout)
    assert record["code"] == 429 and record["exception"] == "RateLimitError" and record["retryable"] is True
    assert record["docs_url"] == xt_errors.HttpStatus(429).docs_url
    listed = json.loads(cli("--list", "--json").stdout)
    assert len(listed) == sum(len(t) for t in (xt_errors.HttpStatus, xt_errors.ReturnCode, xt_errors.MessageCode, xt_errors.FuturesErrorCode))


def test_kinds_and_version(cli):
    kinds = cli("--kinds")
    assert kinds.returncode == 0 and "rate_limit (xt_errors.RateLimitError)" in kinds.stdout
    assert "AUTH_105" in kinds.stdout
    by_json = {k["kind"]: k for k in json.loads(cli("--kinds", "--json").stdout)}
    assert "AUTH_105" in by_json["authentication"]["codes"]
    version = cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("xt-errors ")


def test_an_empty_code_is_one_line(cli):
    shown = cli("  ")
    assert shown.returncode == 2 and shown.stderr.strip().endswith("the code is empty")
    assert len(shown.stderr.strip().splitlines()) == 1


def test_unknown_codes_suggest_near_ones(cli):
    unknown = cli("AUTH_10")
    assert unknown.returncode == 1 and "AUTH_105" in unknown.stderr and not unknown.stdout
    assert cli().returncode == 2
