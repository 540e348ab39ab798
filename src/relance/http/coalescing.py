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

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class CoalescingHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol over a ``CoalescingTransport`` (``uvicorn.run(http=...)``)."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        wrapped: Any = CoalescingTransport(transport, self.loop)
        super().connection_made(wrapped)
