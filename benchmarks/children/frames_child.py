"""Per-call times of checking one WebSocket frame: ours, its floor and ccxt's.

    python frames_child.py REPEATS     (xt_errors and ccxt importable)

Prints one JSON object: the median and best per-call seconds of each timed
function over REPEATS interleaved repeats. The floor of a frame is what any
reader does anyway: `json.loads` of it and one dict lookup. For an error
frame, both sides start from the parsed frame, as ccxt's socket layer hands
it on: ccxt's `xt` exchange passes it to `handle_message`, which drops it
(its `handle_error_message` is never called); that is what is timed, with a
client that holds no subscription.
"""

import json
import statistics
import sys
import timeit

import ccxt.pro

import xt_errors

REPEATS = int(sys.argv[1])
ACK = '{"id": "sub-1", "code": 0, "msg": ""}'
PUSH = '{"topic": "depth", "event": "depth@btc_usdt", "data": {"s": "btc_usdt", "a": [["1", "2"]]}}'
ERROR = '{"code":1,"msg":"checkSymbol error, symbol:nope_usdt","id":"nope_sym"}'
check_frame = xt_errors.check_frame
loads = json.loads
exchange = ccxt.pro.xt()


class Client:
    """Just what ccxt's handler touches: its subscriptions and its reject()."""

    subscriptions: dict = {}

    def reject(self, error, message_hash=None):
        self.rejected = error


client = Client()
error_message = loads(ERROR)


def ours(frame):
    try:
        return check_frame(frame)
    except xt_errors.XTError:
        return None


def floor(frame):
    return loads(frame).get("code")


def theirs():
    exchange.handle_message(client, error_message)


def measure_all(fns):
    timers = {k: timeit.Timer(fn) for k, fn in fns.items()}
    numbers = {k: max(t.autorange()[0], 1000) for k, t in timers.items()}
    runs = {k: [] for k in fns}
    for _ in range(REPEATS):
        for k, t in timers.items():
            runs[k].append(t.timeit(numbers[k]) / numbers[k])
    return {
        k: {"median_s": statistics.median(v), "best_s": min(v)} for k, v in runs.items()
    }


fns = {
    "ack_ours": lambda: ours(ACK),
    "ack_floor": lambda: floor(ACK),
    "push_ours": lambda: ours(PUSH),
    "push_floor": lambda: floor(PUSH),
    "error_ours": lambda: ours(error_message),
    "error_ccxt": theirs,
}
print(json.dumps(measure_all(fns)))
