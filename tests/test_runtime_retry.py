"""RetryPolicy: whether and when to retry, in a plain loop and as tenacity's retry and wait."""

from __future__ import annotations

import random

import pytest
import requests
import tenacity

import xt_errors
from tests.conftest import Answering, loopback, raised


def test_retry_the_call_is_kept_apart_from_check_the_state():
    policy = xt_errors.RetryPolicy(random=lambda: 0.5)
    limited = policy.advise(raised(429, b"", {"Retry-After": "2"}), 1)
    assert (limited.action, limited.delay) == ("retry", 2.25)  # Retry-After plus jitter
    assert policy.advise(raised(503), 1).action == "retry"
    assert policy.advise(raised(500), 1).action == "check_state"  # the order may have gone through
    orders = xt_errors.RetryPolicy(idempotent=False)
    assert orders.advise(raised(503), 1).action == "check_state"
    assert orders.advise(raised(429), 1).action == "retry"  # refused: nothing happened
    assert policy.advise(raised(200, b'{"rc":1,"mc":"AUTH_105"}'), 1).action == "stop"
    assert policy.advise(ValueError("x"), 1).action == "stop"
    assert policy.advise(raised(429), 5).action == "stop"  # max_attempts
    assert policy.advise(raised(429, b"", {"Retry-After": "3000"}), 1).action == "stop"  # > max_wait


def test_backoff_is_jittered_exponential_and_capped():
    for draw, low_or_high in ((lambda: 0.0, 0), (lambda: 0.999999, 1)):
        policy = xt_errors.RetryPolicy(base_delay=1.0, max_delay=8.0, random=draw)
        delays = [policy.delay(raised(503), attempt) for attempt in range(1, 7)]
        ceilings = [1, 2, 4, 8, 8, 8]
        expected = [c / 2 if low_or_high == 0 else c for c in ceilings]
        assert delays == pytest.approx(expected, rel=1e-5)
    random.seed(7)
    spread = {round(xt_errors.RetryPolicy().delay(raised(503), 3), 6) for _ in range(20)}
    assert len(spread) > 1 and all(1.0 <= d <= 2.0 for d in spread)


class _Flaky(Answering):
    """429 with Retry-After: 0 twice, then success; 500 always on /order."""

    calls = 0

    def do_GET(self):  # noqa: N802
        type(self).calls += 1
        if self.path == "/order":
            status, headers, body = 500, {}, b""
        elif type(self).calls <= 2:
            status, headers, body = 429, {"Retry-After": "0"}, b'{"rc":1,"mc":"FAILURE"}'
        else:
            status, headers, body = 200, {}, b'{"rc":0,"mc":"SUCCESS","result":"filled"}'
        self.answer(status, headers, body)


@pytest.fixture
def flaky():
    _Flaky.calls = 0
    with loopback(_Flaky) as url:
        yield url


def test_a_plain_loop(flaky):
    policy = xt_errors.RetryPolicy(base_delay=0.0)
    slept = []
    for attempt in range(1, 10):
        try:
            result = xt_errors.check(requests.get(f"{flaky}/ticker", timeout=10))
            break
        except xt_errors.XTError as error:
            advice = policy.advise(error, attempt)
            assert advice.action == "retry"
            slept.append(advice.delay)
    assert result == "filled" and _Flaky.calls == 3 and slept == [0.0, 0.0]


def test_tenacity_predicate_and_wait(flaky):
    policy = xt_errors.RetryPolicy(base_delay=0.0)
    waits = []

    @tenacity.retry(retry=policy.retry, wait=policy.wait, sleep=waits.append, reraise=True)
    def get(path):
        return xt_errors.check(requests.get(f"{flaky}{path}", timeout=10))

    assert get("/ticker") == "filled" and waits == [0.0, 0.0]
    with pytest.raises(xt_errors.OutcomeUnknownError):  # never retried blindly
        get("/order")
    assert _Flaky.calls == 4 and waits == [0.0, 0.0]
