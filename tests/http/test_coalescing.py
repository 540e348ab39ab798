"""The HTTP protocol `relance serve` runs: uvicorn's httptools protocol whose writes of one event
loop turn leave as one (http/coalescing.py). Served for real by uvicorn on loopback, read with
raw sockets; the write count is read off the transport the protocol writes to."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
import uvicorn

from relance.http.coalescing import CoalescingHttpToolsProtocol, CoalescingTransport

Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
BIG = 1024 * 1024  # streamed in 64 KiB chunks, past the transport's high-water mark


async def app(scope: dict[str, Any], receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    if scope["path"] == "/big":
        headers = [(b"content-length", str(BIG).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for _ in range(BIG // 65536):
            await send({"type": "http.response.body", "body": b"x" * 65536, "more_body": True})
        await send({"type": "http.response.body", "body": b""})
        return
    answer = scope["path"].encode() + b" " + body
    headers = [(b"content-length", str(len(answer)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer})


@pytest.fixture
async def port() -> AsyncIterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = int(probe.getsockname()[1])
    config = uvicorn.Config(
        app, host="127.0.0.1", port=free, http=CoalescingHttpToolsProtocol, log_level="warning"
    )
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    yield free
    server.should_exit = True
    await serving


async def _read_response(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":")[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return head, await reader.readexactly(length)


async def test_pipelined_requests_on_one_connection_each_get_their_answer(port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"POST /one HTTP/1.1\r\nhost: x\r\ncontent-length: 3\r\n\r\nabc"
        b"GET /two HTTP/1.1\r\nhost: x\r\n\r\n"
    )
    first_head, first = await _read_response(reader)
    second_head, second = await _read_response(reader)
    assert first_head.startswith(b"HTTP/1.1 200")
    assert first == b"/one abc"
    assert second_head.startswith(b"HTTP/1.1 200")
    assert second == b"/two "
    writer.close()


async def test_the_last_answer_before_connection_close_is_sent_whole(port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /bye HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")
    everything = await asyncio.wait_for(reader.read(), 5)  # until the server's FIN
    assert everything.startswith(b"HTTP/1.1 200")
    assert everything.endswith(b"\r\n\r\n/bye ")
    writer.close()


async def test_a_large_streamed_body_arrives_whole_to_a_slow_reader(port: int) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /big HTTP/1.1\r\nhost: x\r\n\r\n")
    await asyncio.sleep(0.2)  # the server meets a full socket buffer and must wait for us
    _head, body = await asyncio.wait_for(_read_response(reader), 10)
    assert body == b"x" * BIG
    writer.close()


class _CountingProtocol(asyncio.Protocol):
    """The peer's end: every chunk the kernel hands over, kept."""

    def __init__(self) -> None:
        self.received = b""

    def data_received(self, data: bytes) -> None:
        self.received += data


async def test_writes_of_one_loop_turn_reach_the_socket_as_one_write() -> None:
    loop = asyncio.get_running_loop()
    ours, theirs = socket.socketpair()
    transport, _protocol = await loop.connect_accepted_socket(asyncio.Protocol, ours)
    peer_transport, peer = await loop.connect_accepted_socket(_CountingProtocol, theirs)
    writes: list[bytes] = []
    real_write = transport.write

    class _Spy:
        """Sees what reaches the real transport's write (which then writes to the socket)."""

        def write(self, data: bytes) -> None:
            writes.append(data)
            real_write(data)

        def __getattr__(self, name: str) -> Any:
            return getattr(transport, name)

    coalescing = CoalescingTransport(_Spy(), loop)  # type: ignore[arg-type]
    coalescing.write(b"HTTP/1.1 200 OK\r\n")
    coalescing.writelines([b"content-length: 2\r\n", b"\r\n"])
    coalescing.write(b"ok")
    assert writes == []  # nothing before the loop's next turn
    assert coalescing.get_write_buffer_size() == 40  # what waits counts as buffered
    await asyncio.sleep(0)
    assert writes == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"]
    coalescing.write(b"a" * 70_000)  # past the threshold: no waiting
    assert len(writes) == 2
    coalescing.write(b"last")
    coalescing.close()  # what waited goes out before the transport closes
    assert writes[-1] == b"last"
    for _ in range(100):
        if len(peer.received) == 40 + 70_000 + 4:
            break
        await asyncio.sleep(0.01)
    assert peer.received == writes[0] + b"a" * 70_000 + b"last"
    peer_transport.close()


async def test_what_waits_when_the_transport_closes_under_it_is_dropped() -> None:
    loop = asyncio.get_running_loop()
    ours, theirs = socket.socketpair()
    transport, _protocol = await loop.connect_accepted_socket(asyncio.Protocol, ours)
    peer_transport, peer = await loop.connect_accepted_socket(_CountingProtocol, theirs)
    coalescing = CoalescingTransport(transport, loop)
    coalescing.write(b"late")
    transport.close()  # the connection went away (uvicorn closes the real transport on loss)
    await asyncio.sleep(0.05)  # the flush finds it closing: no write to a closed transport
    assert peer.received == b""
    peer_transport.close()


def test_the_transport_offers_every_method_of_an_asyncio_transport() -> None:
    """No __getattr__ passes the rest on (it would slow every attribute read): each method of
    asyncio.Transport is spelled out."""
    public = {name for name in dir(asyncio.Transport) if not name.startswith("_")}
    assert public <= set(dir(CoalescingTransport))
    assert "__getattr__" not in vars(CoalescingTransport)
