"""Per-call times of checking one parsed response: ours, ccxt's and two floors.

    python check_child.py REPEATS     (xt_errors and ccxt importable)

Prints one JSON object: what each case raised, and the median and best
per-call seconds of every timed function over REPEATS interleaved repeats.
The timed functions are module globals on purpose: they look names up as a
caller's module would.
"""

import json
import statistics
import sys
import timeit

import ccxt

import xt_errors
from xt_errors import raise_for_response

REPEATS = int(sys.argv[1])
bodies = {
    "success": {"rc": 0, "mc": "SUCCESS", "ma": [], "result": {"ok": 1}},
    "known AUTH_105": {"rc": 1, "mc": "AUTH_105", "ma": [], "result": None},
    "margin LEVER_ORDER_006": {
        "rc": 1,
        "mc": "LEVER_ORDER_006",
        "ma": [],
        "result": None,
    },
    "unknown AUTH_999": {"rc": 1, "mc": "AUTH_999", "ma": [], "result": None},
}
texts = {k: json.dumps(v) for k, v in bodies.items()}
ex = ccxt.xt()


class FloorError(Exception):
    pass


class FloorAuth(FloorError):
    pass


FLOOR = {"AUTH_105": FloorAuth, "LEVER_ORDER_006": FloorAuth}


def ours(body):
    try:
        raise_for_response(200, body)
    except xt_errors.XTError:
        pass


def theirs(body, text):
    try:
        ex.handle_errors(200, "OK", "u", "GET", {}, text, body, {}, "")
    except Exception:
        pass


def floor(body):
    try:
        raise FLOOR[body["mc"]]
    except FloorError:
        pass


def raise_floor(body):
    raise FLOOR[body["mc"]]


def floor_called(body):
    # The floor raised one call deeper: what any function-shaped API pays on top
    # of the floor (a second frame and traceback entry on the way out).
    try:
        raise_floor(body)
    except FloorError:
        pass


def measure_all(fns):
    """Per-call seconds of each fn; the repeats of all fns are interleaved so load changes hit all alike."""
    timers = {k: timeit.Timer(fn) for k, fn in fns.items()}
    numbers = {k: max(t.autorange()[0], 1000) for k, t in timers.items()}
    runs = {k: [] for k in fns}
    for _ in range(REPEATS):
        for k, t in timers.items():
            runs[k].append(t.timeit(numbers[k]) / numbers[k])
    return {
        k: {"median_s": statistics.median(v), "best_s": min(v)} for k, v in runs.items()
    }


# sanity: what each one does
outcome = {}
for k, b in bodies.items():
    try:
        raise_for_response(200, b)
        o = "returned"
    except Exception as e:
        o = type(e).__name__
    try:
        ex.handle_errors(200, "OK", "u", "GET", {}, texts[k], b, {}, "")
        c = "returned"
    except Exception as e:
        c = type(e).__name__
    outcome[k] = {"ours": o, "ccxt": c}


def harness(body):
    # The same wrapper and try/except as `ours`, around a call that does nothing:
    # the part of every per-call figure that is the harness, not the library.
    try:
        nothing(200, body)
    except Exception:
        pass


def nothing(status, body, headers=None):
    return None


fns = {
    "floor": lambda: floor(bodies["known AUTH_105"]),
    "floor_called": lambda: floor_called(bodies["known AUTH_105"]),
    "harness": lambda: harness(bodies["success"]),
}
for k in bodies:
    fns[("ours", k)] = (lambda b: lambda: ours(b))(bodies[k])
    fns[("ccxt", k)] = (lambda b, t: lambda: theirs(b, t))(bodies[k], texts[k])
# The endpoint lookup, against its floor: a dict lookup and a tuple build.
ENDPOINT = "POST /future/trade/v1/order/create"
try:
    endpoint_codes = {ENDPOINT: list(xt_errors.errors_for(ENDPOINT))}
except (AttributeError, KeyError):  # a catalog without endpoint pages
    endpoint_codes = {}
if endpoint_codes:
    errors_for = xt_errors.errors_for
    fns["endpoint_ours"] = lambda: errors_for(ENDPOINT)
    fns["endpoint_floor"] = lambda: tuple(endpoint_codes[ENDPOINT])
# lookup_all, against its floor: a dict lookup and a tuple build, for a value as
# written ("400": three tables) and one typed in a hurry ("auth105": AUTH_105).
LOOKUPS = {"as written": "400", "typed in a hurry": "auth105"}
lookup_all = getattr(xt_errors, "lookup_all", None)
if lookup_all is not None:
    lookup_index = {key: list(lookup_all(key)) for key in LOOKUPS.values()}
    for name, key in LOOKUPS.items():
        fns[("lookup_ours", name)] = (lambda k: lambda: lookup_all(k))(key)
        fns[("lookup_floor", name)] = (lambda k: lambda: tuple(lookup_index[k]))(key)
measured = measure_all(fns)
result = {
    "outcome": outcome,
    "floor": measured["floor"],
    "floor_called": measured["floor_called"],
    "harness": measured["harness"],
    "repeats": REPEATS,
    "endpoint": {
        side: measured[f"endpoint_{side}"]
        for side in ("ours", "floor")
        if endpoint_codes
    },
    "cases": {
        k: {"ours": measured[("ours", k)], "ccxt": measured[("ccxt", k)]}
        for k in bodies
    },
    "lookup_all": {
        name: {
            "key": key,
            "found": [str(m) for m in lookup_index[key]],
            "ours": measured[("lookup_ours", name)],
            "floor": measured[("lookup_floor", name)],
        }
        for name, key in LOOKUPS.items()
        if lookup_all is not None
    },
}
print(json.dumps(result))
