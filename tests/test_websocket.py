"""XT's WebSocket frames: the catalog's stream codes, `check_frame`, and `checked_frames`
over real sockets (a `websockets` server on 127.0.0.1, read by `websockets` and aiohttp)."""

from __future__ import annotations

import asyncio
import html
import json
import pickle
import threading

import pytest

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
