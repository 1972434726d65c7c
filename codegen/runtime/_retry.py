"""Whether and when to retry after an XTError, in a plain loop or as tenacity's retry and wait.

    policy = xt_errors.RetryPolicy()
    for attempt in itertools.count(1):
        try:
            return xt_errors.check(session.get(url))
        except xt_errors.XTError as error:
            advice = policy.advise(error, attempt)
            if advice.action != "retry":
                raise
            time.sleep(advice.delay)

The advice keeps apart what a trading bot must never confuse:

- "retry": the request did not take effect (a rate limit, XT unavailable):
  send it again after `delay` seconds.
- "check_state": the request may have taken effect (OutcomeUnknownError: an
  order may have gone through): query its state, e.g. by client order id,
  before sending it again. Never retried blindly.
- "renew_listen_key": a user stream's listen key expired or is invalid
  (ListenKeyError): request a new one, then subscribe again with it.
- "stop": sending it unchanged will fail again, or the attempts or the
  wait the server asks for are used up.

A lost answer is not a refusal. An HTTP 200 whose body came empty, cut short
or unparsable is a MalformedResponseError: XT took the request and its answer
was lost on the way, so, as after an OutcomeUnknownError, the request may have
taken effect. With
`RetryPolicy(idempotent=False)` (placing or changing orders) the advice is
"check_state"; an idempotent call (the default: reading) may "retry", as after
a transient fault, until `max_attempts` are made. A malformed answer to a
refused request (4xx) was not acted on: "stop".

`error.retryable` and the advice agree: for an idempotent call, on an
attempt that leaves attempts and a wait within `max_wait`, the advice is
"retry" exactly when `error.retryable` is True. `retryable` says whether the
same request, sent again, can succeed; the policy adds what the error cannot
know: whether the call is idempotent ("check_state" instead), how many
attempts were made, and a listen key to renew.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xt_errors._base import Documented, HttpError, MalformedResponseError, XTError
from xt_errors._raised import kind_class

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

RETRY = "retry"
CHECK_STATE = "check_state"
STOP = "stop"
RENEW_LISTEN_KEY = "renew_listen_key"


@dataclass(frozen=True)
class Advice:
    """What to do after an error: `action` is "retry", "check_state",
    "renew_listen_key" or "stop";
    `delay` is the seconds to sleep before a retry; `reason` says why."""

    action: str
    delay: float
    reason: str


@dataclass(frozen=True)
class RetryBudget:
    """A RetryPolicy's attempts and delays for some errors, by class or code:

        xt_errors.RetryPolicy(overrides={
            xt_errors.RateLimitError: xt_errors.RetryBudget(max_attempts=10, base_delay=2.0),
            "GATEWAY_0002": xt_errors.RetryBudget(max_attempts=1),  # never retried
        })

    A field left None keeps the policy's. A budget changes how often and how
    long, never whether: an error that is not retryable stays a "stop".
    """

    max_attempts: int | None = None
    base_delay: float | None = None
    max_delay: float | None = None
    max_wait: float | None = None

    def __post_init__(self) -> None:
        attempts = self.max_attempts
        if attempts is not None and (type(attempts) is not int or attempts < 1):
            raise ValueError(f"max_attempts is a whole number from 1, not {attempts!r}")
        for name in ("base_delay", "max_delay", "max_wait"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                what = type(value).__name__
                raise TypeError(f"{name} is a number of seconds, not {what}")
            if not 0 <= value < float("inf"):
                raise ValueError(
                    f"{name} is a finite number of seconds from 0, not {value!r}"
                )


@dataclass(frozen=True)
class RetryPolicy:
    """Retry advice from an error's `retryable`, its `retry_after` and the attempt number.

    `attempt` counts from 1 (the attempt that just failed). Without a
    Retry-After, the delay is exponential backoff with jitter: between half
    and all of min(max_delay, base_delay * 2 ** (attempt - 1)). With one, it
    is Retry-After plus up to base_delay of jitter, so clients that were
    limited together do not come back together. Set `idempotent=False` for
    calls that place or change orders: then a ServiceUnavailableError, or a
    success whose body was lost (MalformedResponseError), after which the order
    may have gone through, says "check_state" too.

    A policy keeps no state between attempts: it sees the error and the
    attempt number, never what the earlier attempts failed with. So it cannot
    count lost answers apart from other failures, and does not try: on an
    idempotent call, a lost answer (MalformedResponseError of a success) is
    retried like any transient fault, whatever came before it (a 429 on
    attempt 1 does not make a lost answer on attempt 2 a "stop"), until
    `max_attempts` attempts are made, and a Retry-After beyond `max_wait`
    stops as it does for a rate limit.
    Resending a read is harmless; a body
    that stays unreadable costs at most `max_attempts` attempts. To allow
    fewer for lost answers, give MalformedResponseError a RetryBudget.

    `overrides` maps an error class or a code to a RetryBudget: its attempts
    and delays replace the policy's for the errors it matches. A code (a
    catalog member such as `xt_errors.MessageCode.GATEWAY_0002`, or the code
    as XT writes it, "GATEWAY_0002", "429", a code new to the catalog
    included) wins over a class; of the classes, the error's nearest (by its
    MRO). The defaults are untouched.
    """

    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_wait: float = 300.0  # a longer Retry-After stops instead of sleeping
    idempotent: bool = True
    random: Callable[[], float] | None = None  # random.random unless given
    overrides: Mapping[type[XTError] | Documented | str, RetryBudget] = field(
        default_factory=dict, hash=False
    )

    def __post_init__(self) -> None:
        overrides = dict(self.overrides)  # a copy: the caller's dict may change later
        for key, budget in overrides.items():
            if not isinstance(budget, RetryBudget):
                what = type(budget).__name__
                raise TypeError(f"overrides[{key!r}] is a RetryBudget, not {what}")
            is_class = isinstance(key, type) and issubclass(key, XTError)
            if not (is_class or isinstance(key, (Documented, str))):
                raise TypeError(
                    f"an override's key is an XTError class, a catalog member or a code "
                    f"as XT writes it (str), not {type(key).__name__}"
                )
        object.__setattr__(self, "overrides", overrides)

    def budget(self, error: BaseException) -> RetryBudget:
        """The attempts and delays for `error`: the policy's, with those of its
        most specific override (by code, else by class) in place."""
        found = self._override(error) if self.overrides else None
        fields = ("max_attempts", "base_delay", "max_delay", "max_wait")
        mine = [getattr(self, name) for name in fields]
        if found is None:
            return RetryBudget(*mine)
        theirs = [getattr(found, name) for name in fields]
        pairs = zip(theirs, mine, strict=True)
        return RetryBudget(*(their if their is not None else my for their, my in pairs))

    def _override(self, error: BaseException) -> RetryBudget | None:
        if isinstance(error, XTError):
            for code in (error.mc, error.code):
                if code is None:
                    continue
                for key in (code, str(code)):  # the member, or its code as written
                    found = self.overrides.get(key)
                    if found is not None:
                        return found
        for cls in type(error).__mro__:
            found = self.overrides.get(cls)
            if found is not None:
                return found
        return None

    def advise(self, error: BaseException, attempt: int) -> Advice:
        """The advice for `error`, raised by attempt number `attempt`."""
        if not isinstance(error, XTError):
            return Advice(STOP, 0.0, f"{type(error).__name__} is not an answer from XT")
        listen_key = kind_class("listen_key")
        if listen_key is not None and isinstance(error, listen_key):
            reason = "the listen key expired or is invalid: request a new one, then subscribe again"
            return Advice(RENEW_LISTEN_KEY, 0.0, reason)
        may_have_taken_effect = _may_have_taken_effect(error)
        if may_have_taken_effect and (not error.retryable or not self.idempotent):
            return Advice(
                CHECK_STATE,
                0.0,
                "the request may have taken effect: query its state before sending it again",
            )
        lost = _answer_lost(error)
        if lost and not self.idempotent:
            reason = (
                "XT's answer was lost (its body came empty, cut short or unreadable), "
                "so the request may have gone through, an order been placed: "
                "query its state before sending it again"
            )
            return Advice(CHECK_STATE, 0.0, reason)
        if not error.retryable:
            return Advice(STOP, 0.0, "sending it unchanged will fail again")
        budget = self.budget(error)
        max_attempts, max_wait = budget.max_attempts, budget.max_wait
        assert max_attempts is not None and max_wait is not None
        if attempt >= max_attempts:
            what = "XT's answer was lost, and " if lost else ""
            reason = f"{what}{attempt} attempts made, the most allowed"
            return Advice(STOP, 0.0, reason)
        delay = self.delay(error, attempt)
        if delay > max_wait:
            reason = f"XT asks to wait {delay:.0f} s, more than max_wait"
            return Advice(STOP, delay, reason)
        if lost:
            reason = "XT's answer was lost on the way: a transient fault, send it again"
            return Advice(RETRY, delay, reason)
        return Advice(RETRY, delay, "the request did not take effect: send it again")

    def delay(self, error: BaseException | None, attempt: int) -> float:
        """Seconds to sleep before the attempt after `attempt`."""
        draw = self.random
        if draw is None:
            import random

            draw = random.random
        limits: RetryBudget | RetryPolicy = self
        if error is not None:
            limits = self.budget(error)
        base_delay, max_delay = limits.base_delay, limits.max_delay
        assert base_delay is not None and max_delay is not None
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return float(retry_after) + draw() * base_delay
        doublings = min(max(attempt, 1) - 1, 64)
        ceiling: float = min(max_delay, base_delay * 2**doublings)
        return ceiling / 2 + draw() * ceiling / 2

    # -- tenacity: @tenacity.retry(retry=policy.retry, wait=policy.wait) ------

    def retry(self, retry_state: Any) -> bool:
        """tenacity's `retry=`: True when the advice is "retry"."""
        error = _failure(retry_state)
        if error is None:
            return False
        return self.advise(error, retry_state.attempt_number).action == RETRY

    def wait(self, retry_state: Any) -> float:
        """tenacity's `wait=`: the delay the advice gives."""
        return self.delay(_failure(retry_state), retry_state.attempt_number)


def _may_have_taken_effect(error: XTError) -> bool:
    """Whether XT may have acted on the request although it failed: an
    OutcomeUnknownError (a 500, a 503, ...), or a status the documentation
    does not list that says XT's side failed (a 5xx, retryable)."""
    outcome_unknown = kind_class("outcome_unknown")
    if outcome_unknown is not None and isinstance(error, outcome_unknown):
        return True
    status = error.http_status
    return (
        isinstance(error, HttpError)
        and error.code is None
        and error.retryable
        and type(status) is int
        and 500 <= status < 600
    )


def _answer_lost(error: XTError) -> bool:
    """Whether XT may have acted on the request and its answer was lost: a
    MalformedResponseError of any status but a refusal (4xx), or of a WebSocket
    frame, which has none (its `retryable` says which)."""
    return isinstance(error, MalformedResponseError) and error.retryable


def _failure(retry_state: Any) -> BaseException | None:
    outcome = retry_state.outcome
    if outcome is None or not outcome.failed:
        return None
    error: BaseException | None = outcome.exception()
    return error
