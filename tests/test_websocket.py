"""XT's WebSocket frames: the catalog's stream codes, `check_frame`, and `checked_frames`
over real sockets (a `websockets` server on 127.0.0.1, read by `websockets` and aiohttp)."""

from __future__ import annotations

import asyncio
import base64
import collections
import contextlib
import hashlib
import html
import json
import pickle
import struct
import threading
import types
from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import xt_errors
from codegen.read import document
from tests.conftest import XT_PAGES, frozen_file

ACK = '{"id": "sub-1", "code": 0, "msg": ""}'
PUSH = '{"topic": "depth", "event": "depth@btc_usdt", "data": {"s": "btc_usdt", "a": [["1", "2"]]}}'
BAD_SYMBOL = '{"code":1,"msg":"checkSymbol error, symbol:nope_usdt","id":"nope_sym"}'
TOKEN_EXPIRE = '{"id":"123","code":401,"msg":"token expire"}'
LISTEN_KEY = "balance@invalid_listen_key"


def _raised(frame: object) -> xt_errors.XTError:
    with pytest.raises(xt_errors.XTError) as raised:
        xt_errors.check_frame(frame)  # type: ignore[arg-type]
    return raised.value


def test_every_stream_page_gives_its_codes_in_both_languages():
    pages = sorted(XT_PAGES.glob("xt-websocket-*.md"))
    english = [page for page in pages if not page.name.endswith(".zh.md")]
    assert len(english) == 6 and len(pages) == 12
    for page in english:
        twin = page.with_name(page.name.removesuffix(".md") + ".zh.md")
        (table,) = document.read_page(page, page.name).tables
        (chinese,) = document.read_page(twin, twin.name).tables
        for row in table.rows:
            member = xt_errors.lookup(row.code) if not row.code.isdigit() else xt_errors.WebSocketCode(int(row.code))
            assert member.products == ("websocket",)
            assert row.description in (member.description, *(v.description for v in member.variants))
            zh = next(r.description for r in chinese.rows if r.code == row.code)
            assert zh == member.description_zh or zh in _variants_zh(member)


def _variants_zh(member: xt_errors.Code) -> list[str]:
    data = json.loads(frozen_file("docs/en/catalog.json"))
    (entry,) = [c for t in data["tables"] for c in t["codes"] if t["enum"] == type(member).__name__ and c["code"] == member.value]
    return [variant["description_zh"] for variant in entry["variants"]]


def test_the_swapped_chinese_page_is_set_aside_by_an_erratum():
    success, failure = xt_errors.WebSocketCode(0), xt_errors.WebSocketCode(1)
    assert (success.description_zh, failure.description_zh) == ("成功", "失败")
    assert [v.duplicate for v in success.variants] == [True] and _variants_zh(success) == ["失败"]
    assert success.texts_zh == {"websocket": "成功"}  # the text set aside is no product's text
    errata = html.unescape(frozen_file("docs/en/errata.md"))
    assert "1=成功;0=失败" in errata


@pytest.mark.parametrize("frame", [ACK, PUSH, "pong", ACK.encode(), PUSH.encode(), b"pong", json.loads(ACK), json.loads(PUSH)])
def test_success_acks_pushes_and_heartbeats_pass_through_unchanged(frame):
    assert xt_errors.check_frame(frame) is frame


def test_a_bad_subscribe_keeps_the_request_id_and_xts_words():
    error = _raised(BAD_SYMBOL)
    assert isinstance(error, xt_errors.SubscriptionFailedError) and isinstance(error, xt_errors.WebSocketError)
    assert error.request_id == "nope_sym" and error.mc == xt_errors.WebSocketCode(1)
    assert "checkSymbol error, symbol:nope_usdt" in error.message
    assert error.body == BAD_SYMBOL and error.http_status is None and error.docs_url


@pytest.mark.parametrize("frame", [TOKEN_EXPIRE, LISTEN_KEY, "order@invalid_listenkey", b"position@invalid_listen_key",
                                   '{"id":"9","code":2,"msg":"listenKey invalid"}'])
def test_every_expired_listen_key_is_one_class_whose_advice_is_to_renew_it(frame):
    error = _raised(frame)
    assert isinstance(error, xt_errors.ListenKeyError) and isinstance(error, xt_errors.AuthenticationError)
    advice = xt_errors.RetryPolicy().advise(error, 1)
    assert advice.action == "renew_listen_key" and "new one" in advice.reason
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error)


def test_a_text_frame_says_its_topic():
    error = _raised(LISTEN_KEY)
    assert error.topic == "balance" and error.code.value == "{topic}@invalid_listenkey"
    assert _raised('{"id":"123","code":401,"msg":"token expire"}').request_id == "123"


@pytest.mark.parametrize(("frame", "words"), [("garbage", "neither JSON"), ("[1, 2]", "not an object"),
                                               (b"\xff\xfe", "not UTF-8"), ('{"code": ', "not valid JSON"), (7, "not an object")])
def test_anything_else_the_server_sends_is_malformed_and_kept(frame, words):
    error = _raised(frame)
    assert type(error) is xt_errors.MalformedResponseError and words in error.message
    assert error.body == frame


def test_a_code_the_catalog_does_not_list_is_still_a_websocket_error():
    error = _raised('{"code": 77, "msg": "something new", "id": "x"}')
    assert isinstance(error, xt_errors.UnknownCodeError) and isinstance(error, xt_errors.WebSocketError)
    assert error.request_id == "x" and "not in this catalog" in error.message


def test_the_callers_mistakes_are_type_errors():
    with pytest.raises(TypeError):
        xt_errors.check_frame(object())  # type: ignore[arg-type]


def test_checking_frames_holds_under_threads():
    errors: list[type] = []

    def work() -> None:
        for _ in range(200):
            try:
                xt_errors.check_frame(LISTEN_KEY)
            except xt_errors.XTError as error:
                errors.append(type(error))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(errors) == 1600 and len(set(errors)) == 1


FRAMES = [ACK, PUSH, "pong", BAD_SYMBOL]


async def _serve(frames: list[str | bytes]):
    """A loopback WebSocket server that sends `frames` to each client, then closes."""
    import websockets

    async def handler(connection):
        for frame in frames:
            await connection.send(frame)
        await connection.close()

    return await websockets.serve(handler, "127.0.0.1", 0)


def test_checked_frames_over_a_real_websockets_connection():
    import websockets

    async def run() -> tuple[list[object], xt_errors.XTError | None]:
        server = await _serve(FRAMES)
        port = server.sockets[0].getsockname()[1]
        received: list[object] = []
        failure = None
        try:
            async with websockets.connect(f"ws://127.0.0.1:{port}") as connection:
                try:
                    async for frame in xt_errors.checked_frames(connection):
                        received.append(frame)
                except xt_errors.XTError as error:
                    failure = error
        finally:
            server.close()
            await server.wait_closed()
        return received, failure

    received, failure = asyncio.run(asyncio.wait_for(run(), 30))
    assert received == [ACK, PUSH, "pong"]
    assert isinstance(failure, xt_errors.SubscriptionFailedError) and failure.request_id == "nope_sym"


def test_checked_frames_over_an_aiohttp_client_socket():
    aiohttp = pytest.importorskip("aiohttp")

    async def run() -> tuple[list[object], xt_errors.XTError | None]:
        server = await _serve([ACK, LISTEN_KEY.encode()])
        port = server.sockets[0].getsockname()[1]
        received: list[object] = []
        failure = None
        try:
            async with aiohttp.ClientSession() as session, session.ws_connect(f"http://127.0.0.1:{port}") as socket:
                try:
                    async for frame in xt_errors.checked_frames(socket):
                        received.append(frame)
                except xt_errors.XTError as error:
                    failure = error
        finally:
            server.close()
            await server.wait_closed()
        return received, failure

    received, failure = asyncio.run(asyncio.wait_for(run(), 30))
    assert received == [ACK]
    assert isinstance(failure, xt_errors.ListenKeyError) and failure.topic == "balance"


# -- one contract for every frame -------------------------------------------------------


@pytest.mark.parametrize("frame", ['{"code": "0", "id": "a"}', '{"code": 0.0}', '{"code": " 0 "}', b'{"code": "+0"}',
                                   {"code": "0"}, {"code": 0.0}])
def test_a_success_is_a_success_whatever_the_codes_json_type(frame):
    assert xt_errors.check_frame(frame) is frame


@pytest.mark.parametrize("code", [2, "2", 2.0, " 2 ", "+2", "2.0", "002"])
def test_a_code_is_read_the_same_whatever_its_json_type(code):
    for frame in ({"id": "k", "code": code, "msg": ""}, json.dumps({"id": "k", "code": code, "msg": ""})):
        error = _raised(frame)
        assert type(error) is xt_errors.ListenKeyInvalidError and error.mc == xt_errors.WebSocketCode(2)
        assert error.request_id == "k"


LISTEN_KEY_FORMS = [
    '{"id":"a","code":2,"msg":"listenKey invalid"}',
    '{"id":"a","code":401,"msg":"token expire"}',
    '{"id":"a","code":1,"msg":"token expire"}',  # ccxt pro reads the msg, whatever the code
    '{"id":"a","code":1,"msg":"invalid_listen_key"}',
    '{"id":"a","code":400,"msg":"invalid_listen_key"}',
    '{"id":"a","code":"1","msg":"listenKey expired"}',
    '{"id":"a","code":1,"msg":"balance@invalid_listen_key"}',
    "balance@invalid_listen_key",
    "order@invalid_listenkey",
    "{topic}@invalid_listenkey",  # as XT documents it, placeholder and all
    b"position@INVALID_LISTEN_KEY",
]


@pytest.mark.parametrize("frame", LISTEN_KEY_FORMS)
def test_every_listen_key_form_is_a_listen_key_error_advised_to_renew(frame):
    error = _raised(frame)
    assert isinstance(error, xt_errors.ListenKeyError) and isinstance(error, xt_errors.WebSocketError)
    assert xt_errors.RetryPolicy().advise(error, 1).action == "renew_listen_key"
    assert xt_errors.RetryPolicy(idempotent=False).advise(error, 3).action == "renew_listen_key"
    assert error.topic in (None, "balance", "order", "position")


@pytest.mark.parametrize("frame", ['{"code":1,"msg":"listenKey is required"}', '{"code":1,"msg":"checkSymbol error"}'])
def test_a_msg_that_only_names_the_listen_key_is_no_listen_key_error(frame):
    assert not isinstance(_raised(frame), xt_errors.ListenKeyError)


HUGE = 10**5000


@pytest.mark.parametrize("frame", [{"code": HUGE}, {"code": -HUGE}, '{"code": ' + "9" * 5000 + "}", {"code": 1e308},
                                   {"code": float("inf")}, {"code": True}, {"code": [2]}, {"code": {"a": 1}}, {"code": 1.5},
                                   {"code": ""}, '{"code": 1e999}'])
def test_a_code_that_cannot_be_one_is_malformed_and_every_view_of_it_holds(frame):
    error = _raised(frame)
    assert type(error) is xt_errors.MalformedResponseError
    assert "code" in error.message or "number too long" in error.message
    assert error.body is frame and len(str(error)) < 2000
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error) and str(again) == str(error)


class _Frame(Mapping):
    """A parsed frame in a mapping of the caller's own."""

    def __init__(self, **items):
        self._items = items

    def __getitem__(self, key):
        return self._items[key]

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)


@pytest.mark.parametrize("make", [types.MappingProxyType, collections.OrderedDict, lambda d: _Frame(**d)])
def test_a_mapping_that_is_not_a_dict_comes_back_as_itself(make):
    for data in ({"code": 0, "id": "a"}, {"topic": "depth", "data": [1]}, {"code": "0"}):
        frame = make(data)
        assert xt_errors.check_frame(frame) is frame
    frame = make({"code": 401, "msg": "token expire", "id": "t"})
    error = _raised(frame)
    assert type(error) is xt_errors.ListenKeyExpiredError and error.body is frame and error.request_id == "t"


def test_request_id_and_topic_survive_pickling():
    for frame in ('{"id":"sub-9","code":1,"msg":"checkSymbol error","topic":"depth"}', "balance@invalid_listen_key",
                  {"id": 7, "code": 77, "msg": "new", "topic": "kline"}, '{"id":"depth@btc_usdt","code":1,"msg":"x"}'):
        error = _raised(frame)
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            again = pickle.loads(pickle.dumps(error, protocol))
            assert type(again) is type(error)
            assert (again.request_id, again.topic, str(again), again.message) == (
                error.request_id, error.topic, str(error), error.message)


_codes_of_frames = st.one_of(
    st.integers(), st.floats(allow_nan=True), st.text(max_size=12), st.booleans(), st.none(),
    st.lists(st.integers(), max_size=2), st.sampled_from([0, 1, 2, 400, 401, "0", "1", "2", "401", 2.0, HUGE]),
)
_msgs = st.one_of(st.none(), st.text(max_size=30), st.sampled_from(["token expire", "invalid_listen_key", "listenKey invalid",
                                                                    "balance@invalid_listen_key", "Invalid Parameter"]))


@given(_codes_of_frames, _msgs, st.one_of(st.none(), st.text(max_size=8), st.integers()), st.booleans())
@settings(max_examples=300, deadline=None)
def test_any_frame_gives_itself_or_an_xt_error_the_same_in_every_form(code, msg, request_id, as_text):
    data = {"code": code, "msg": msg, "id": request_id}
    try:
        text = json.dumps(data)
    except ValueError:  # a number json cannot write
        return
    outcomes = []
    for frame in (data, text, text.encode(), types.MappingProxyType(data)):
        try:
            returned = xt_errors.check_frame(frame)
        except xt_errors.XTError as error:
            assert len(str(error).splitlines()) <= 1 and isinstance(error.message, str)
            again = pickle.loads(pickle.dumps(error))
            assert type(again) is type(error) and str(again) == str(error)
            outcomes.append(type(error))
        else:
            assert returned is frame
            outcomes.append(None)
    # json.loads reads what json.dumps wrote: every form gives the same answer, except a
    # number too long for int() off the wire (more than 4,300 digits): malformed both ways
    assert len(set(outcomes)) == 1, (data, outcomes)


# -- one answer over both socket libraries ---------------------------------------------------

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
LIMIT = 2**16  # both clients are given the same size limit


def _ws_frame(opcode: int, payload: bytes) -> bytes:
    head = bytes([0x80 | opcode])
    size = len(payload)
    if size < 126:
        return head + bytes([size]) + payload
    if size < 2**16:
        return head + bytes([126]) + struct.pack("!H", size) + payload
    return head + bytes([127]) + struct.pack("!Q", size) + payload


def _close(code: int, reason: bytes = b"") -> bytes:
    return _ws_frame(8, struct.pack("!H", code) + reason)


DROP = "drop"  # the server hangs up without a close frame
SCRIPTS = {  # what the server sends after the first frame, ACK
    "normal close": [_ws_frame(1, PUSH.encode()), _close(1000)],
    "going away": [_close(1001)],
    "not UTF-8": [_ws_frame(1, b"\xff\xfe{}")],
    "too big": [_ws_frame(1, b"x" * (LIMIT * 2))],
    "bad opcode": [_ws_frame(3, b"??")],
    "dropped": [DROP],
    "server error": [_close(1011, b"internal oops")],
    "error frame": [_ws_frame(1, BAD_SYMBOL.encode())],
    "listen key msg": [_ws_frame(1, b'{"id":"sub-2","code":1,"msg":"invalid_listen_key"}')],
    "listen key text": [_ws_frame(1, b"balance@invalid_listen_key")],
}


async def _raw_server(script: list[bytes | str]):
    """A WebSocket server written by hand on 127.0.0.1, so that it can send what a library
    would refuse to: ACK, then the script; it closes each connection itself."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.readuntil(b"\r\n\r\n")
        key = next(line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
                   if line.lower().startswith(b"sec-websocket-key:"))
        accept = base64.b64encode(hashlib.sha1(key + _GUID).digest())  # noqa: S324 - the protocol's own
        writer.write(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                     b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n" + _ws_frame(1, ACK.encode()))
        for step in script:
            if step == DROP:
                writer.transport.abort()
                return
            writer.write(step)  # type: ignore[arg-type]
        await writer.drain()
        with contextlib.suppress(Exception):
            if await asyncio.wait_for(reader.read(2), 30):  # the client's close frame
                if not any(step[:1] == b"\x88" for step in script):
                    writer.write(_close(1000))  # the closing handshake, answered
                    await writer.drain()
        writer.close()

    return await asyncio.start_server(handle, "127.0.0.1", 0)


async def _read_all(client: str, port: int):
    """What checked_frames gives over `client`: the frames, then the error (or None)."""
    import aiohttp
    import websockets

    received: list[object] = []
    failure = None
    try:
        if client == "websockets":
            async with websockets.connect(f"ws://127.0.0.1:{port}", max_size=LIMIT) as socket:
                async for frame in xt_errors.checked_frames(socket):
                    received.append(frame)
        else:
            async with aiohttp.ClientSession() as session, session.ws_connect(
                    f"http://127.0.0.1:{port}", max_msg_size=LIMIT) as socket:
                async for frame in xt_errors.checked_frames(socket):
                    received.append(frame)
    except Exception as error:  # noqa: BLE001 - the test compares what each client gave
        failure = error
    return received, failure


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_checked_frames_answers_the_same_over_websockets_and_aiohttp(script):
    async def run():
        server = await _raw_server(SCRIPTS[script])
        port = server.sockets[0].getsockname()[1]
        try:
            return [await _read_all(client, port) for client in ("websockets", "aiohttp")]
        finally:
            server.close()
            await server.wait_closed()

    (frames, failure), (aio_frames, aio_failure) = asyncio.run(asyncio.wait_for(run(), 60))
    assert frames == aio_frames, script
    assert type(failure) is type(aio_failure), (script, failure, aio_failure)
    assert failure is None or isinstance(failure, xt_errors.XTError), repr(failure)
    expected = {"normal close": (None, [ACK, PUSH]), "going away": (None, [ACK]),
                "not UTF-8": (xt_errors.MalformedResponseError, [ACK]),
                "too big": (xt_errors.MalformedResponseError, [ACK]),
                "bad opcode": (xt_errors.MalformedResponseError, [ACK]),
                "dropped": (xt_errors.WebSocketClosedError, [ACK]),
                "server error": (xt_errors.WebSocketClosedError, [ACK]),
                "error frame": (xt_errors.SubscriptionFailedError, [ACK]),
                "listen key msg": (xt_errors.ListenKeyInvalidError, [ACK]),
                "listen key text": (xt_errors.TopicListenKeyInvalidError, [ACK])}[script]
    assert (type(failure) if failure else None, frames) == expected
    if isinstance(failure, xt_errors.WebSocketClosedError):
        assert failure.close_code == aio_failure.close_code == (1006 if script == "dropped" else 1011)
        assert failure.retryable and xt_errors.RetryPolicy().advise(failure, 1).action == "retry"
        assert failure.__cause__ is not None  # the library's exception, or aiohttp's error
        again = pickle.loads(pickle.dumps(failure))
        assert (type(again), again.close_code, str(again)) == (type(failure), failure.close_code, str(failure))
    if isinstance(failure, xt_errors.MalformedResponseError):
        assert "could not be read" in failure.message and "could not be read" in aio_failure.message
    if isinstance(failure, xt_errors.ListenKeyError):
        assert xt_errors.RetryPolicy().advise(failure, 1).action == "renew_listen_key"
        assert (failure.request_id, failure.topic) == (aio_failure.request_id, aio_failure.topic)
