"""relance's pool of asyncpg connections: a semaphore and a stack of idle connections.

Why not asyncpg's pool (issue 19): its release runs in a task of its own (``asyncio.shield``)
under an ``asyncio.timeout``, and rearms an inactivity timer, on every request: the profile of
``POST /token`` (two connections taken per request) put 7 % of the server's CPU there. relance
already gated its pool with a first-come-first-served semaphore (asyncpg's queue let a newcomer
take a connection released for a woken waiter: a few requests waited ~1 s at p99), so the pool
proper is only what is left: hand out an idle connection, or open one while under the size.

What comes back is reused only when it is known idle: open, outside any transaction, and
returned normally or after an exception the driver finished answering. A connection given back
by a cancelled request (its statement may still be running) or left in a transaction is closed,
and the next request opens a fresh one; so is one the server or the network closed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

Connect = Callable[[], Awaitable[Any]]


class ConnectionPool:
    def __init__(self, connect: Connect, size: int) -> None:
        self._connect = connect
        self._size = size
        # Handed out first come, first served (asyncio.Semaphore wakes its waiters in order).
        self._turns = asyncio.Semaphore(size)
        self._idle: list[Any] = []
        self._open: set[Any] = set()

    async def start(self) -> None:
        """Opens one connection, so a server that cannot reach its database fails at start."""
        async with self.connection():
            pass

    @asynccontextmanager
    async def connection(self) -> AsyncIterator[Any]:
        connection = await self.take()
        try:
            yield connection
        except BaseException as error:
            self.give_back(connection, error)
            raise
        self.give_back(connection, None)

    async def take(self) -> Any:
        """A connection for this caller alone, until ``give_back``."""
        await self._turns.acquire()
        try:
            while self._idle:
                connection = self._idle.pop()
                if not connection.is_closed():
                    return connection
                self._open.discard(connection)
            connection = await self._connect()
        except BaseException:
            self._turns.release()
            raise
        self._open.add(connection)
        return connection

    def give_back(self, connection: Any, error: BaseException | None) -> None:
        """``error``: what the caller's work raised, if anything; a cancellation (or any other
        BaseException) may have left a statement running, so that connection is closed."""
        try:
            cancelled = error is not None and not isinstance(error, Exception)
            if cancelled or connection.is_closed() or connection.is_in_transaction():
                self._discard(connection)
            else:
                self._idle.append(connection)
        finally:
            self._turns.release()

    def _discard(self, connection: Any) -> None:
        self._open.discard(connection)
        if not connection.is_closed():
            connection.terminate()

    def use(self) -> dict[str, int]:
        free = self._turns._value
        return {
            "in_use": self._size - free,
            "idle": free,
            "waiting": len(self._turns._waiters or ()),
        }

    async def close(self) -> None:
        connections, self._open, self._idle = list(self._open), set(), []
        for connection in connections:
            try:
                await asyncio.wait_for(connection.close(), timeout=5)
            except (OSError, TimeoutError, asyncio.CancelledError):
                connection.terminate()
