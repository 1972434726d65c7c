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


# -- a success whose body was lost ---------------------------------------------------


class _LostBody(Answering):
    """200 with an empty body, a body cut short in the JSON, or one cut short on the wire."""

    def do_POST(self):  # noqa: N802
        if self.path == "/cut-on-the-wire":  # promises 100 bytes, sends 10, hangs up
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            self.wfile.write(b'{"rc":0,"m')
            self.wfile.flush()
            self.close_connection = True
            return
        body = {"/empty": b"", "/cut-json": b'{"rc":0,"mc":"SUCCESS","result":{"orderId":', "/html": b"<html>ok</html>"}
        self.answer(200, {}, body[self.path])


@pytest.mark.parametrize("path", ["/empty", "/cut-json", "/html", "/cut-on-the-wire"])
def test_a_lost_answer_to_an_order_says_check_the_state(path):
    with loopback(_LostBody) as url:
        response = requests.post(f"{url}{path}", stream=True, timeout=10)
        with pytest.raises(xt_errors.MalformedResponseError) as caught:
            xt_errors.check(response)
    orders = xt_errors.RetryPolicy(idempotent=False)
    advice = orders.advise(caught.value, 1)
    assert advice.action == "check_state"
    assert "order" in advice.reason and "query" in advice.reason and "fail again" not in advice.reason
    # an idempotent call: again, as after a transient fault, until the attempts are used up
    reads = xt_errors.RetryPolicy(max_attempts=3, random=lambda: 0.5)
    first, second, third = (reads.advise(caught.value, attempt) for attempt in (1, 2, 3))
    assert (first.action, first.delay) == ("retry", 0.375) and "transient" in first.reason
    assert (second.action, second.delay) == ("retry", 0.75)
    assert third.action == "stop" and "3 attempts" in third.reason


def test_a_lost_answer_is_not_a_refusal_and_a_refusal_is_not_a_lost_answer():
    orders = xt_errors.RetryPolicy(idempotent=False)
    # a refused request (4xx) whose body is malformed was not acted on
    refused = raised(400, b'{"rc":1,"mc":["AUTH_105"]}')
    assert isinstance(refused, xt_errors.MalformedResponseError)
    assert orders.advise(refused, 1).action == "stop"
    # an answer XT did give still decides: a refusal in a 200 is a stop
    assert orders.advise(raised(200, b'{"rc":1,"mc":"ORDER_002"}'), 1).action == "stop"
    # a WebSocket frame that is not an answer has no status: the subscription may stand
    frame = pytest.raises(xt_errors.MalformedResponseError, xt_errors.check_frame, "{not json").value
    assert orders.advise(frame, 1).action == "check_state"
    assert xt_errors.RetryPolicy(max_attempts=1).advise(raised(200, b""), 1).action == "stop"


def test_tenacity_retries_a_lost_answer_until_the_attempts_are_used_up():
    policy = xt_errors.RetryPolicy(base_delay=0.0, max_attempts=4)
    calls = []

    @tenacity.retry(retry=policy.retry, wait=policy.wait, sleep=lambda _: None, reraise=True)
    def read():
        calls.append(1)
        xt_errors.raise_for_response(200, b"")

    with pytest.raises(xt_errors.MalformedResponseError):
        read()
    assert len(calls) == 4


def test_a_lost_answer_after_a_rate_limit_is_still_retried():
    """The policy keeps no state: a 429 on attempt 1 does not use up a lost answer's retry on attempt 2."""
    answers = [raised(429), raised(200, b""), raised(200, b'{"rc":0,"mc":"SUCC'), "ok"]
    policy = xt_errors.RetryPolicy(base_delay=0.0)
    calls = []

    @tenacity.retry(retry=policy.retry, wait=policy.wait, sleep=lambda _: None, reraise=True)
    def read():
        answer = answers[len(calls)]
        calls.append(answer)
        if isinstance(answer, xt_errors.XTError):
            raise answer
        return answer

    assert read() == "ok" and len(calls) == 4
    # in a plain loop too; a call that places orders still checks the state instead
    lost = raised(200, b"")
    assert policy.advise(lost, 2).action == "retry"
    assert xt_errors.RetryPolicy(idempotent=False).advise(lost, 2).action == "check_state"
    # a lost answer carrying a Retry-After beyond max_wait stops, as a rate limit does
    waiting = xt_errors.MalformedResponseError("cut short", http_status=200, retry_after=3000)
    assert policy.advise(waiting, 1).action == "stop"
