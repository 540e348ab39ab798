"""A Redis connection for the limiter's one command: pipelined, parsed by hiredis.

Why not redis-py's asyncio client (issue 19): each command went through its connection pool's
lock, a ``wait_for`` (a task per read on Python 3.11), an ``asyncio.timeout`` and a
StreamReader; the profile of a keyed create on PostgreSQL put 8 % of the server's CPU under
the limiter's one EVALSHA per batch. Here a command is one ``transport.write`` and a future the
protocol resolves as replies arrive (Redis answers in order), with one timer per command.

Kept deliberately small: ``redis://`` and ``rediss://`` URLs with an optional password (and
user) and database number, one connection per process, reconnecting on the next command after
any failure. A command that times out closes the connection (its reply would arrive in
another's place).
"""

from __future__ import annotations

import asyncio
import hashlib
import ssl
from collections import deque
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import unquote, urlsplit

import hiredis


class RedisError(Exception):
    """Redis answered with an error, or could not be reached in time."""


@dataclass(frozen=True, slots=True)
class RedisAddress:
    host: str
    port: int
    database: int
    username: str | None
    password: str | None
    tls: bool

    @classmethod
    def parse(cls, url: str) -> RedisAddress:
        parts = urlsplit(url)
        if parts.scheme not in ("redis", "rediss"):
            raise ValueError("a Redis URL starts with redis:// or rediss://")
        path = parts.path.strip("/")
        return cls(
            host=parts.hostname or "127.0.0.1",
            port=parts.port or 6379,
            database=int(path) if path else 0,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            tls=parts.scheme == "rediss",
        )


class _Connection(asyncio.Protocol):
    """Commands written in order; each reply resolves the oldest waiting future."""

    def __init__(self) -> None:
        self._reader = hiredis.Reader()
        self._waiting: deque[asyncio.Future[Any]] = deque()
        self._transport: asyncio.Transport | None = None
        self.open = False
        # Its replies' futures and timers: asyncio.get_running_loop() costs a getpid() system
        # call on Python 3.11, on every command otherwise.
        self.loop = asyncio.get_running_loop()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport instances, but have its methods.
        self._transport = cast(asyncio.Transport, transport)
        self.open = True

    def data_received(self, data: bytes) -> None:
        self._reader.feed(data)
        try:
            while (reply := self._reader.gets()) is not False:
                future = self._waiting.popleft()
                if future.done():
                    continue  # timed out: the connection is closing anyway
                if isinstance(reply, hiredis.ReplyError):
                    future.set_exception(RedisError(str(reply)))
                else:
                    future.set_result(reply)
        except (hiredis.ProtocolError, IndexError):
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        while self._waiting:
            future = self._waiting.popleft()
            if not future.done():
                future.set_exception(RedisError("connection to Redis lost"))

    def send(self, args: tuple[Any, ...], future: asyncio.Future[Any]) -> None:
        assert self._transport is not None
        self._transport.write(hiredis.pack_command(args))
        self._waiting.append(future)

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
        self.open = False


class RedisConnection:
    def __init__(self, url: str, timeout: float) -> None:
        self._address = RedisAddress.parse(url)
        self._timeout = timeout
        self._connection: _Connection | None = None
        self._connecting = asyncio.Lock()

    async def command(self, *args: Any) -> Any:
        connection = self._connection
        if connection is None or not connection.open:
            connection = await self._connect()
        return await self._send(connection, args)

    def send_now(self, *args: Any) -> asyncio.Future[Any] | None:
        """Writes the command at once and returns its reply's future; None when no connection
        is open (``command`` opens one). For plain callbacks: no task, no coroutine."""
        connection = self._connection
        if connection is None or not connection.open:
            return None
        return self._write(connection, args)

    async def _send(self, connection: _Connection, args: tuple[Any, ...]) -> Any:
        return await self._write(connection, args)

    def _write(self, connection: _Connection, args: tuple[Any, ...]) -> asyncio.Future[Any]:
        """The command written, its reply's future failing after the timeout (awaiting it and
        being cancelled cancels the future, which cancels the timer too)."""
        loop = connection.loop
        future: asyncio.Future[Any] = loop.create_future()
        connection.send(args, future)
        timer = loop.call_later(self._timeout, _expire, connection, future)
        future.add_done_callback(lambda _reply: timer.cancel())
        return future

    async def _connect(self) -> _Connection:
        async with self._connecting:
            if self._connection is not None and self._connection.open:
                return self._connection
            address = self._address
            loop = asyncio.get_running_loop()
            try:
                _transport, connection = await asyncio.wait_for(
                    loop.create_connection(
                        _Connection,
                        address.host,
                        address.port,
                        ssl=ssl.create_default_context() if address.tls else None,
                    ),
                    self._timeout,
                )
            except (OSError, TimeoutError) as error:
                raise RedisError(f"cannot reach Redis: {type(error).__name__}") from error
            try:
                if address.password is not None:
                    user = (address.username,) if address.username else ()
                    await self._send(connection, ("AUTH", *user, address.password))
                if address.database:
                    await self._send(connection, ("SELECT", address.database))
            except RedisError:
                connection.close()
                raise
            self._connection = connection
            return connection

    async def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _expire(connection: _Connection, future: asyncio.Future[Any]) -> None:
    if not future.done():
        future.set_exception(RedisError("Redis did not answer in time"))
        connection.close()  # a late reply would be taken for the next command's


class Script:
    """A Lua script run by its SHA1 (EVALSHA), sent whole once when Redis does not know it."""

    def __init__(self, connection: RedisConnection, source: str) -> None:
        self._connection = connection
        self._source = source
        self._sha = hashlib.sha1(source.encode(), usedforsecurity=False).hexdigest()

    def send_now(self, keys: list[str], args: list[Any]) -> asyncio.Future[Any] | None:
        """EVALSHA at once (``RedisConnection.send_now``); a NOSCRIPT error then means: call
        the script (``__call__``), which sends it whole."""
        return self._connection.send_now("EVALSHA", self._sha, len(keys), *keys, *args)

    async def __call__(self, keys: list[str], args: list[Any]) -> Any:
        try:
            return await self._connection.command("EVALSHA", self._sha, len(keys), *keys, *args)
        except RedisError as error:
            if not unknown_script(error):
                raise
        return await self._connection.command("EVAL", self._source, len(keys), *keys, *args)


def unknown_script(error: BaseException) -> bool:
    return isinstance(error, RedisError) and str(error).startswith("NOSCRIPT")
