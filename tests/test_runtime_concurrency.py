"""Threads meeting codes for the first time together, and errors crossing process boundaries."""

from __future__ import annotations

import json
import pickle

import xt_errors
from tests.conftest import PACKAGE, raised, run_python

RACE = r"""
import sys, threading
sys.setswitchinterval(1e-6)
misses = 0
for run in range(30):
    for name in [m for m in sys.modules if m == "xt_errors" or m.startswith("xt_errors.")]:
        del sys.modules[name]
    import xt_errors
    names = ["AUTH_105", "LEVER_ORDER_099", "LEVER_ORDER_006", "AUTH_999", "GATEWAY_0002"]
    start = threading.Barrier(16)
    caught = []

    def worker(index):
        mc = names[index % len(names)]
        start.wait()
        try:
            xt_errors.raise_for_response(200, {"rc": 1, "mc": mc})
        except Exception as error:
            cls = type(error)
            try:
                raise error
            except getattr(xt_errors, cls.__name__):
                caught.append(True)
            except Exception:
                caught.append(False)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    misses += caught.count(False) + 16 - len(caught)
print(misses)
"""


def test_each_codes_class_is_one_object_under_concurrent_first_use():
    result = run_python(RACE, PACKAGE)
    assert result.stdout.strip() == "0", result.stderr


def test_except_by_name_catches_what_another_thread_raised_first():
    code = (
        "import sys, threading\n"
        "sys.setswitchinterval(1e-6)\n"
        "import xt_errors\n"
        "seen = []\n"
        "def raise_it():\n"
        "    try: xt_errors.raise_for_response(200, {'rc': 1, 'mc': 'LEVER_ORDER_099'})\n"
        "    except xt_errors.XTError as e: seen.append(type(e))\n"
        "def name_it(): seen.append(xt_errors.OrderAlreadyProcessingError)\n"
        "threads = [threading.Thread(target=(raise_it, name_it)[i % 2]) for i in range(16)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "print(len(set(seen)), len(seen))\n"
    )
    result = run_python(code, PACKAGE)
    assert result.stdout.split() == ["1", "16"], result.stderr


FIELDS = ("http_status", "rc", "mc", "message", "body", "retry_after", "retryable", "docs_url")


def test_every_class_unpickles_in_a_fresh_interpreter_as_itself():
    errors = [raised(200, {"rc": 1, "mc": str(m)}) for m in xt_errors.MessageCode if m.exception]
    errors += [raised(s, b"", {"Retry-After": "3"}) for s in (404, 429, 500, 502, 503, 418)]
    errors += [raised(200, {"rc": 1, "mc": f"{family}_999"}) for family in ("AUTH", "LEVER_ORDER", "LEVER", "GATEWAY", "NEW")]
    errors += [raised(200, b"not json"), raised(200, {"rc": 1}), xt_errors.XTError("boom"), xt_errors.StaleRequestError()]
    expected = [[type(e).__name__, *(str(getattr(e, f)) for f in FIELDS), str(e)] for e in errors]
    code = (
        "import json, pickle, sys\n"
        "errors = pickle.loads(bytes.fromhex(sys.stdin.read()))\n"
        f"fields = {FIELDS!r}\n"
        "import xt_errors\n"
        "print(json.dumps([[type(e).__name__, *(str(getattr(e, f)) for f in fields), str(e)] for e in errors]))\n"
        "assert all(getattr(xt_errors, type(e).__name__) is type(e) for e in errors)\n"
    )
    child = run_python(code, PACKAGE, stdin=pickle.dumps(errors).hex())
    assert child.returncode == 0, child.stderr
    assert json.loads(child.stdout) == expected
    assert "UnknownAuthError" in {row[0] for row in expected} and "UnknownLeverOrderError" in {row[0] for row in expected}


SPAWN = r"""
import concurrent.futures, multiprocessing
import xt_errors

def place_order(mc):
    xt_errors.raise_for_response(200, {"rc": 1, "mc": mc})

if __name__ == "__main__":
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        for mc in ("AUTH_999", "LEVER_ORDER_999", "AUTH_105"):
            try:
                pool.submit(place_order, mc).result(timeout=60)
            except xt_errors.XTError as error:
                print(type(error).__name__, type(error) is getattr(xt_errors, type(error).__name__), error.mc)
"""


def test_a_spawn_pool_gets_unknown_errors_back_as_themselves(tmp_path):
    script = tmp_path / "pool.py"
    script.write_text(SPAWN)
    result = run_python(f"import runpy; runpy.run_path({str(script)!r}, run_name='__main__')", PACKAGE)
    assert result.stdout.splitlines() == [
        "UnknownAuthError True AUTH_999",
        "UnknownLeverOrderError True LEVER_ORDER_999",
        "StaleRequestError True AUTH_105",
    ], result.stderr


SYS_MODULES_RESTORED = r"""
import sys
from unittest import mock
import xt_errors

def caught(mc):
    try:
        xt_errors.raise_for_response(200, {"rc": 1, "mc": mc})
    except xt_errors.XTError as error:
        return error

# A test that fakes a dependency this way drops, on leaving the block, every
# module first imported inside it: here the classes of a first error.
with mock.patch.dict(sys.modules, {"some_optional_dependency": mock.MagicMock()}):
    first = caught("AUTH_105")
later = [caught(str(member)) for member in xt_errors.MessageCode if member.exception]
twins = sorted(
    cls.__name__
    for error in [first, *later]
    for cls in type(error).__mro__
    if cls.__module__ == "xt_errors" and getattr(xt_errors, cls.__name__) is not cls
)
print(len(later), isinstance(caught("AUTH_999"), xt_errors.AuthError), twins)
"""


def test_one_class_per_name_after_a_test_restores_sys_modules():
    result = run_python(SYS_MODULES_RESTORED, PACKAGE)
    count, by_family, twins = result.stdout.split(" ", 2)
    assert int(count) > 10 and (by_family, twins.strip()) == ("True", "[]"), result.stderr


FIREWALL_AFTER_SYS_MODULES_RESTORED = r"""
import sys
from unittest import mock
import xt_errors

PAGE = b"<html><head><title>Access denied</title></head><body><h1>Error 1015</h1><h2>You are being rate limited</h2></body></html>"
HEADERS = {"Server": "cloudflare", "CF-RAY": "8f1b2c3d4e5f6a7b-FRA", "Content-Type": "text/html"}

def caught():
    try:
        xt_errors.raise_for_response(429, PAGE, HEADERS)
    except xt_errors.XTError as error:
        return error

# The runtime's own classes built on a class of the catalog (FirewallRateLimitError
# is a RateLimitError) take it as the package keeps it, too.
with mock.patch.dict(sys.modules, {"some_optional_dependency": mock.MagicMock()}):
    first = caught()
later = caught()
print(type(later).__name__, isinstance(first, xt_errors.RateLimitError), isinstance(later, xt_errors.RateLimitError))
"""


def test_a_firewall_rate_limit_stays_a_rate_limit_after_a_test_restores_sys_modules():
    result = run_python(FIREWALL_AFTER_SYS_MODULES_RESTORED, PACKAGE)
    assert result.stdout.split() == ["FirewallRateLimitError", "True", "True"], result.stderr
