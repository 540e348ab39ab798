"""A real HTTP receiver on loopback for webhook tests: a small asyncio HTTP/1.1 server in its
own thread (so it answers while a test blocks on a subprocess), recording every request and
answering from a script: a status, or a hang longer than the sender's timeout."""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass(frozen=True)
class Answer:
    status: int = 200
    hang: float = 0.0  # seconds to wait before answering


@dataclass
class Receiver:
    script: deque[Answer] = field(default_factory=deque)
    received: list[Received] = field(default_factory=list)
    default: Answer = Answer(200)
    port: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._handlers: set[asyncio.Task[None]] = set()
        self._server: asyncio.Server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def start(self) -> Receiver:
        self._thread.start()
        assert self._ready.wait(10), "receiver did not start"
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _shutdown(self) -> None:
        self._server.close()
        for task in self._handlers:
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)

    def answer(self, *answers: Answer) -> None:
        with self._lock:
            self.script.extend(answers)

    def requests(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.requests()
            if len(got) >= count:
                return got
            time.sleep(0.02)
        raise AssertionError(f"receiver got {len(self.requests())} requests, expected {count}")

    async def arrived(self, count: int, timeout: float = 30.0) -> list[Received]:
        """``wait_for`` for a test whose own event loop must keep running (a dispatcher in it)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.requests()
            if len(got) >= count:
                return got
            await asyncio.sleep(0.02)
        raise AssertionError(f"receiver got {len(self.requests())} requests, expected {count}")

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", 0, backlog=512)
        )
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._handlers.add(task)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        name, value = line.split(":", 1)
                        headers[name.strip().lower()] = value.strip()
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                with self._lock:
                    self.received.append(Received(path, headers, body, time.monotonic()))
                    answer = self.script.popleft() if self.script else self.default
                if answer.hang:
                    await asyncio.sleep(answer.hang)
                writer.write(f"HTTP/1.1 {answer.status} X\r\ncontent-length: 2\r\n\r\nok".encode())
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()
            self._handlers.discard(task)
