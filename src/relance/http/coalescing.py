"""uvicorn's httptools protocol, sending what one turn of the event loop writes as one write.

uvicorn writes a response's head when the app sends ``http.response.start`` and its body on
``http.response.body``: two ``send()`` system calls for every response, each costing the
sender the loopback or network stack's work. A profile of a keyed create put 8.6 % of relance's
CPU in ``write``. Here a connection's writes wait in a list until the loop's next turn (or until
``_FLUSH_AT`` bytes are waiting, so a streamed export still meets uvicorn's flow control soon)
and go out joined: one system call per response.

Only the transport handed to uvicorn's protocol changes; parsing, keep-alive, pipelining and
flow control are uvicorn's own.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

# Past this many waiting bytes a write goes out at once: a large body gains nothing from waiting.
_FLUSH_AT = 64 * 1024


class CoalescingTransport:
    """A transport that holds writes until the loop's next turn; everything else is the
    wrapped transport's."""

    __slots__ = ("_loop", "_size", "_transport", "_waiting")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._waiting: list[bytes] = []
        self._size = 0

    def write(self, data: bytes) -> None:
        if not self._waiting:
            self._loop.call_soon(self.flush)
        self._waiting.append(data)
        self._size += len(data)
        if self._size >= _FLUSH_AT:
            self.flush()

    def writelines(self, chunks: Iterable[bytes]) -> None:
        for chunk in chunks:
            self.write(chunk)

    def get_write_buffer_size(self) -> int:
        return self._size + self._transport.get_write_buffer_size()

    def flush(self) -> None:
        if not self._waiting:
            return
        waiting, self._waiting, self._size = self._waiting, [], 0
        if not self._transport.is_closing():
            self._transport.write(waiting[0] if len(waiting) == 1 else b"".join(waiting))

    def close(self) -> None:
        self.flush()  # the last response of a Connection: close goes out before the FIN
        self._transport.close()

    # The rest of asyncio.Transport, passed on. Spelled out rather than one __getattr__: a
    # class with __getattr__ sends every attribute read, its own slots included, through
    # CPython's slower lookup hook (about 400 instructions each, 15 a request; callgrind).
    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def abort(self) -> None:
        self._waiting, self._size = [], 0
        self._transport.abort()

    def can_write_eof(self) -> bool:
        return self._transport.can_write_eof()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def is_reading(self) -> bool:
        return self._transport.is_reading()

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._transport.set_write_buffer_limits(high, low)

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._transport.get_write_buffer_limits()

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)


class CoalescingHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol over a ``CoalescingTransport`` (``uvicorn.run(http=...)``)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        wrapped: Any = CoalescingTransport(transport, self.loop)
        super().connection_made(wrapped)
