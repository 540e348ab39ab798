"""The PostgreSQL request path: asyncpg's pool and its prepared-statement fast path."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.sql.base import Executable

from relance.db_compile import StatementCache

_CACHE = StatementCache(PGDialect_asyncpg(), convert_results=False)  # type: ignore[no-untyped-call]


class PostgresTx:
    dialect_name = "postgresql"

    def __init__(self, connection: Any) -> None:
        self._connection = connection

    async def fetch_all(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        compiled = _CACHE.get(query)
        rows = await self._connection.fetch(compiled.sql, *compiled.bind(params))
        if not rows:
            return []
        # zip with the names once: ~40 % cheaper than dict(record) on a 50-row page.
        names = tuple(rows[0].keys())
        return [dict(zip(names, row, strict=True)) for row in rows]

    async def fetch_rows(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Mapping[str, Any]]:
        compiled = _CACHE.get(query)
        rows: list[Mapping[str, Any]] = await self._connection.fetch(
            compiled.sql, *compiled.bind(params)
        )
        return rows

    async def fetch_one(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        compiled = _CACHE.get(query)
        row = await self._connection.fetchrow(compiled.sql, *compiled.bind(params))
        return None if row is None else dict(row)

    async def fetch_val(self, query: Executable, params: Mapping[str, Any] | None = None) -> Any:
        compiled = _CACHE.get(query)
        return await self._connection.fetchval(compiled.sql, *compiled.bind(params))

    async def execute(self, query: Executable, params: Mapping[str, Any] | None = None) -> int:
        compiled = _CACHE.get(query)
        status: str = await self._connection.execute(compiled.sql, *compiled.bind(params))
        # "UPDATE 3" / "DELETE 0" / "INSERT 0 1": the row count is the last word.
        tail = status.rsplit(" ", 1)[-1]
        return int(tail) if tail.isdigit() else 0


async def _keep_session(_connection: Any) -> None:
    """Replaces asyncpg's reset on release (advisory unlock, CLOSE ALL, UNLISTEN, RESET ALL: one
    more round trip per request). relance never takes advisory locks, opens cursors, listens or
    SETs session state; asyncpg still rolls back a transaction left open before calling this."""


class PostgresDatabase:
    dialect_name = "postgresql"

    def __init__(self, dsn: str, pool_size: int) -> None:
        self._dsn = dsn
        self._pool_size = pool_size
        self._pool: Any = None
        # Handed out first come, first served. asyncpg's pool queue lets a newcomer take a
        # connection released for a woken waiter, which then queues again at the back: under
        # saturation a few requests waited ~1 s (p99) while the median waited 30 ms.
        self._turns = asyncio.Semaphore(pool_size)

    async def connect(self) -> None:
        if self._pool is None:
            self._pool = await asyncpg.create_pool(
                self._dsn,
                min_size=1,
                max_size=self._pool_size,
                statement_cache_size=1024,
                server_settings={"timezone": "UTC"},
                reset=_keep_session,
            )

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    @asynccontextmanager
    async def read(self) -> AsyncIterator[PostgresTx]:
        async with self._turns, self._pool.acquire() as connection:
            yield PostgresTx(connection)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[PostgresTx]:
        async with self._turns, self._pool.acquire() as connection, connection.transaction():
            yield PostgresTx(connection)
