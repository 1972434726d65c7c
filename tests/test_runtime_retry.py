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


# -- one answer about retrying ---------------------------------------------------------------


def _errors_of_every_kind() -> list[xt_errors.XTError]:
    """An error of every documented code, every status, a lost answer, a firewall's page, a stream's frames."""
    from xt_errors import _codes

    found = []
    for table in _codes.TABLES:
        for member in table:
            cls = member.exception
            if cls is not None and table not in (*_codes.WEBSOCKET_CODE_ENUMS, *_codes.WEBSOCKET_TEXT_ENUMS):
                found.append(raised(200 if table not in _codes.HTTP_STATUS_ENUMS else member.value,
                                    {"rc": 1, "mc": str(member.value)} if table in _codes.MESSAGE_CODE_ENUMS
                                    else {"returnCode": 1, "error": {"code": str(member.value)}}))
    for status in range(400, 600):
        for body in (b"", b'{"rc":1,"mc":"FAILURE"}', b"<html>oops</html>", b'{"rc":0,"mc":"SUCC'):
            found.append(raised(status, body))
    found += [raised(200, body) for body in (b"", b'{"rc":0,"mc":"SUCC', b"[1]", b'{"rc":1,"mc":"NEW_1"}')]
    found.append(raised(403, b"<html><title>Just a moment...</title></html>", {"cf-mitigated": "challenge"}))
    found.append(raised(429, b"<html><title>Access denied</title>Error 1015</html>", {"Server": "cloudflare"}))
    for frame in ('{"code":1,"msg":"x"}', '{"code":2}', '{"code":401}', '{"code":400}', '{"code":77}', "x@invalid_listenkey",
                  "Invalid Parameter", "not json"):
        found.append(pytest.raises(xt_errors.XTError, xt_errors.check_frame, frame).value)
    return found


def test_retryable_and_the_advice_agree():
    """For an idempotent call with attempts left: "retry" exactly when `retryable`; else renew a listen key,
    check the state of what may have taken effect, or stop."""
    policy = xt_errors.RetryPolicy(random=lambda: 0.0)
    orders = xt_errors.RetryPolicy(idempotent=False, random=lambda: 0.0)
    errors = _errors_of_every_kind()
    assert len(errors) > 1000
    for error in errors:
        advice, for_orders = policy.advise(error, 1).action, orders.advise(error, 1).action
        if isinstance(error, xt_errors.ListenKeyError):
            assert advice == for_orders == "renew_listen_key" and not error.retryable
        elif advice == "check_state":  # it may have taken effect, and sending it again will not do
            assert not error.retryable and isinstance(error, xt_errors.OutcomeUnknownError), error
        else:
            assert (advice == "retry") == error.retryable, (error, advice)
            assert advice in ("retry", "stop")
            assert for_orders in (advice, "check_state"), (error, for_orders)  # never a blind retry of an order
        may_have_taken_effect = isinstance(error, (xt_errors.OutcomeUnknownError, xt_errors.MalformedResponseError)) or (
            type(error) is xt_errors.HttpError and error.http_status >= 500)
        if may_have_taken_effect:  # an order is never sent again blindly
            assert for_orders != "retry", error


def test_a_cut_off_body_is_retryable_and_retried_a_refusals_is_neither():
    for body in (b"", b'{"rc":0,"mc":"SUCC', b"<html>ok</html>"):
        lost = raised(200, body)
        assert lost.retryable and xt_errors.RetryPolicy().advise(lost, 1).action == "retry"
        assert xt_errors.RetryPolicy(idempotent=False).advise(lost, 1).action == "check_state"
    refused = raised(400, b'{"rc":1,"mc":["AUTH_105"]}')
    assert isinstance(refused, xt_errors.MalformedResponseError) and not refused.retryable
    assert xt_errors.RetryPolicy().advise(refused, 1).action == "stop"


def test_an_undocumented_server_error_is_never_a_stop():
    for status in (501, 504, 507, 520, 599):
        for body in (b"", b'{"rc":1,"mc":"FAILURE","ma":[]}', b"<html>Gateway Timeout</html>"):
            error = raised(status, body)
            assert type(error) is xt_errors.HttpError and error.retryable and error.http_status == status
            assert xt_errors.RetryPolicy().advise(error, 1).action == "retry"
            assert xt_errors.RetryPolicy(idempotent=False).advise(error, 1).action == "check_state"


# -- budgets a team can tune --------------------------------------------------------------------


def test_overrides_by_class_and_code_tune_attempts_and_delays():
    limited, unavailable = raised(429), raised(503)
    policy = xt_errors.RetryPolicy(random=lambda: 0.0, overrides={
        xt_errors.XTError: xt_errors.RetryBudget(max_attempts=2),
        xt_errors.RateLimitError: xt_errors.RetryBudget(max_attempts=10, base_delay=4.0, max_delay=64.0),
        xt_errors.HttpStatus.SERVICE_UNAVAILABLE: xt_errors.RetryBudget(max_attempts=3),
        "GATEWAY_0002": xt_errors.RetryBudget(max_attempts=7),
    })
    assert [policy.advise(limited, attempt).action for attempt in (5, 9, 10)] == ["retry", "retry", "stop"]
    assert [policy.advise(limited, attempt).delay for attempt in (1, 2, 5)] == [2.0, 4.0, 32.0]
    # a code wins over a class; the nearest class over a farther one
    assert [policy.advise(unavailable, attempt).action for attempt in (2, 3)] == ["retry", "stop"]
    assert policy.advise(raised(504), 2).action == "stop"  # XTError's budget: 2 attempts
    assert policy.budget(unavailable) == xt_errors.RetryBudget(max_attempts=3, base_delay=0.5, max_delay=30.0, max_wait=300.0)
    # a budget changes how often and how long, never whether
    assert policy.advise(raised(200, b'{"rc":1,"mc":"GATEWAY_0002"}'), 1).action == "stop"
    # the defaults are untouched
    assert xt_errors.RetryPolicy().advise(limited, 5).action == "stop"
    assert xt_errors.RetryPolicy().budget(limited) == xt_errors.RetryBudget(5, 0.5, 30.0, 300.0)
    hash(policy)  # frozen, and hashable like before: tenacity may keep it in a set


def test_a_raw_code_new_to_the_catalog_can_have_a_budget():
    frame = pytest.raises(xt_errors.XTError, xt_errors.check_frame, "{not json").value  # retryable, no code
    policy = xt_errors.RetryPolicy(overrides={xt_errors.MalformedResponseError: xt_errors.RetryBudget(max_attempts=1)})
    assert policy.advise(frame, 1).action == "stop" and xt_errors.RetryPolicy().advise(frame, 1).action == "retry"
    unknown = raised(503, b'{"rc":1,"mc":"GATEWAY_9999"}')
    keyed = xt_errors.RetryPolicy(overrides={"GATEWAY_9999": xt_errors.RetryBudget(max_attempts=9)})
    assert keyed.budget(unknown).max_attempts == 9


def test_tenacity_waits_by_the_budget():
    policy = xt_errors.RetryPolicy(random=lambda: 0.0, overrides={
        xt_errors.RateLimitError: xt_errors.RetryBudget(max_attempts=3, base_delay=1.0)})
    waits, calls = [], []

    @tenacity.retry(retry=policy.retry, wait=policy.wait, sleep=waits.append, reraise=True)
    def read():
        calls.append(1)
        xt_errors.raise_for_response(429, b"")

    with pytest.raises(xt_errors.RateLimitError):
        read()
    assert len(calls) == 3 and waits == [0.5, 1.0]


@pytest.mark.parametrize(("overrides", "error"), [
    ({429: xt_errors.RetryBudget()}, TypeError),
    ({ValueError: xt_errors.RetryBudget()}, TypeError),
    ({xt_errors.RateLimitError: 3}, TypeError),
    ({xt_errors.RateLimitError: {"max_attempts": 3}}, TypeError),
])
def test_an_override_that_is_not_one_is_the_callers_mistake(overrides, error):
    with pytest.raises(error):
        xt_errors.RetryPolicy(overrides=overrides)


@pytest.mark.parametrize("fields", [{"max_attempts": 0}, {"max_attempts": 2.5}, {"base_delay": -1},
                                    {"max_wait": float("inf")}, {"max_delay": "3"}, {"base_delay": True}])
def test_a_budget_that_is_not_one_is_the_callers_mistake(fields):
    with pytest.raises((TypeError, ValueError)):
        xt_errors.RetryBudget(**fields)
