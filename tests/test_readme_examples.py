"""Every Python block of the README runs as pasted (the site's: test_site).

Each block runs in a fresh interpreter that imports the package under test. XT is a
loopback server: the blocks' `https://…xt.com` and `wss://…xt.com` addresses are
swapped for it, and ccxt (which keeps XT's addresses inside) is sent there by a
`sitecustomize` the interpreter loads. Nothing else in a block is changed.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import PACKAGE, ROOT, Answering, loopback

SUCCESS = {"rc": 0, "mc": "SUCCESS", "ma": [], "result": []}
FUTURES_SUCCESS = {"returnCode": 0, "msgInfo": "success", "error": None, "result": []}
TICKER = {**SUCCESS, "result": [{"s": "btc_usdt", "t": 1700000000000, "p": "30000"}]}
SYMBOLS = {  # what ccxt's xt exchange needs to know BTC/USDT
    **SUCCESS,
    "result": {
        "time": 1700000000000,
        "version": "1",
        "symbols": [
            {"id": 614, "symbol": "btc_usdt", "state": "ONLINE", "tradingEnabled": True, "openapiEnabled": True,
             "baseCurrency": "btc", "baseCurrencyPrecision": 10, "quoteCurrency": "usdt",
             "quoteCurrencyPrecision": 8, "pricePrecision": 2, "quantityPrecision": 6,
             "orderTypes": ["LIMIT", "MARKET"], "timeInForces": ["GTC"], "filters": []}
        ],
    },
}
ANSWERS: dict[tuple[str, str], tuple[int, object]] = {
    ("GET", "/v4/public/ticker/price"): (200, TICKER),
    ("GET", "/v4/public/symbol"): (200, SYMBOLS),
    ("GET", "/v4/public/currencies"): (200, SUCCESS),
    ("GET", "/v4/public/wallet/support/currency"): (200, SUCCESS),
    ("GET", "/future/market/v1/public/symbol/list"): (200, FUTURES_SUCCESS),
    ("POST", "/v4/order"): (400, {"rc": 1, "mc": "ORDER_002", "ma": [], "result": None}),
    ("DELETE", "/v4/order/123"): (400, {"rc": 1, "mc": "ORDER_005", "ma": [], "result": None}),
    ("POST", "/future/trade/v1/order/create"): (
        200,
        {"returnCode": 1, "msgInfo": "failure", "error": {"code": "insufficient_balance", "msg": "insufficient balance"},
         "result": None},
    ),
}
DEPTH = {"topic": "depth", "event": "depth@btc_usdt", "data": {"s": "btc_usdt", "a": [["30000", "1"]], "b": [["29999", "2"]]}}

# Loaded by each interpreter that runs a block naming ccxt: XT's hosts become the loopback server.
SITECUSTOMIZE = '''
import os
import re

import ccxt

_fetch = ccxt.Exchange.fetch


def _fetch_from_loopback(self, url, *args, **kwargs):
    return _fetch(self, re.sub(r"https://[a-z]+\\.xt\\.com", os.environ["XT_LOOPBACK"], url), *args, **kwargs)


ccxt.Exchange.fetch = _fetch_from_loopback
'''


def python_blocks(name: str, text: str) -> list[tuple[str, str]]:
    """Each ```python block of a markdown file, named by the file and its first line."""
    blocks = []
    for found in re.finditer(r"^( *)```python\n(.*?)^\1```$", text, re.M | re.S):
        indent, code = found.group(1), found.group(2)
        line = text[: found.start()].count("\n") + 1
        blocks.append((f"{name}:{line}", "\n".join(row.removeprefix(indent) for row in code.split("\n"))))
    return blocks


BLOCKS = python_blocks("README.md", (ROOT / "README.md").read_text(encoding="utf-8"))


class XT(Answering):
    """XT's REST API as the blocks call it; every request is logged for the test to read."""

    requests: list[str] = []

    def _answer(self) -> None:
        path = self.path.split("?", 1)[0]
        self.requests.append(f"{self.command} {path}")
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        status, body = ANSWERS.get((self.command, path), (404, {"status": 404, "error": "Not Found", "path": path}))
        self.answer(status, {"Content-Type": "application/json"}, json.dumps(body).encode())

    do_GET = do_POST = do_DELETE = _answer


class Streams:
    """XT's WebSocket streams on loopback: each subscribe gets its ack, then a depth push."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.url = ""

    def _run(self) -> None:
        import websockets

        async def stream(connection) -> None:
            async for message in connection:
                if message == "ping":
                    await connection.send("pong")
                    continue
                request = json.loads(message)
                await connection.send(json.dumps({"id": request.get("id"), "code": 0, "msg": ""}))
                await connection.send(json.dumps(DEPTH))

        async def main() -> None:
            async with websockets.serve(stream, "127.0.0.1", 0) as server:
                self.url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}"
                self.stop = asyncio.get_running_loop().create_future()
                self.ready.set()
                await self.stop

        self.loop.run_until_complete(main())

    def __enter__(self) -> str:
        self.thread.start()
        assert self.ready.wait(10)
        return self.url

    def __exit__(self, *exc: object) -> None:
        self.loop.call_soon_threadsafe(self.stop.set_result, None)
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def xt(tmp_path_factory) -> Iterator[tuple[str, str, Path]]:
    """The loopback XT (REST and streams) and a folder holding the ccxt redirect."""
    folder = tmp_path_factory.mktemp("ccxt-to-loopback")
    (folder / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    with loopback(XT) as rest, Streams() as streams:
        yield rest, streams, folder


def test_the_readme_has_its_python_blocks():
    assert len(BLOCKS) >= 6, [name for name, _ in BLOCKS]


@pytest.mark.parametrize(("name", "code"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_a_python_block_runs_as_pasted(name, code, xt):
    rest, streams, redirect = xt
    pasted = re.sub(r"https://[a-z]+\.xt\.com", rest, code)
    pasted = re.sub(r"wss://[a-z]+\.xt\.com", streams, pasted)
    paths = [str(PACKAGE), os.environ.get("PYTHONPATH", "")]
    if "ccxt" in code:
        paths.insert(0, str(redirect))
    before = len(XT.requests)
    result = subprocess.run(
        [sys.executable, "-c", pasted],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, paths)), "XT_LOOPBACK": rest},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, f"{name}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout.strip(), f"{name} showed nothing"  # each block prints what it got
    if re.search(r"https://[a-z]+\.xt\.com", code) or "ccxt.xt(" in code:
        assert len(XT.requests) > before, f"{name} asked XT for nothing"
