"""The SQLite request path: aiosqlite connections, WAL, one writer at a time."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.sql.base import Executable

from relance.db.compile import Compiled, StatementCache

_CACHE = StatementCache(SQLiteDialect_pysqlite(), convert_results=True)


def _adapt_datetime(value: datetime) -> str:
    # Same fixed-width naive-UTC text SQLAlchemy's SQLite DateTime writes, so both paths agree.
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


sqlite3.register_adapter(datetime, _adapt_datetime)
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(Decimal, str)


def _rows_to_dicts(compiled: Compiled, description: Any, rows: Any) -> list[dict[str, Any]]:
    names = compiled.columns or tuple(d[0] for d in description or ())
    converters = compiled.converters
    if converters is None:
        return [dict(zip(names, row, strict=True)) for row in rows]
    return [
        {
            name: (value if convert is None else convert(value))
            for name, value, convert in zip(names, row, converters, strict=True)
        }
        for row in rows
    ]


class SqliteTx:
    dialect_name = "sqlite"

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def fetch_all(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        compiled = _CACHE.get(query)
        async with self._connection.execute(compiled.sql, compiled.bind(params)) as cursor:
            rows = await cursor.fetchall()
            return _rows_to_dicts(compiled, cursor.description, rows)

    async def fetch_rows(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Mapping[str, Any]]:
        return await self.fetch_all(query, params)

    async def fetch_one(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        rows = await self.fetch_all(query, params)
        return rows[0] if rows else None

    def lone_statement_wrote_nothing(self) -> None:
        """SQLite runs a lone statement inside its transaction: nothing to reopen."""

    async def fetch_one_alone(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        # BEGIN IMMEDIATE is already open (and local): nothing to save by skipping it.
        return await self.fetch_one(query, params)

    async def fetch_val(self, query: Executable, params: Mapping[str, Any] | None = None) -> Any:
        row = await self.fetch_one(query, params)
        return None if row is None else next(iter(row.values()))

    async def execute(self, query: Executable, params: Mapping[str, Any] | None = None) -> int:
        compiled = _CACHE.get(query)
        async with self._connection.execute(compiled.sql, compiled.bind(params)) as cursor:
            return int(cursor.rowcount)

    async def execute_many(self, query: Executable, params: Sequence[Mapping[str, Any]]) -> None:
        compiled = _CACHE.get(query)
        async with self._connection.executemany(compiled.sql, [compiled.bind(p) for p in params]):
            pass


class SqliteDatabase:
    dialect_name = "sqlite"

    def __init__(self, path: str, pool_size: int) -> None:
        self._path = path
        self._pool_size = pool_size
        self._idle: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self._all: list[aiosqlite.Connection] = []
        # One writer at a time inside this process; BEGIN IMMEDIATE guards against other processes.
        self._write_lock = asyncio.Lock()

    async def connect(self) -> None:
        if self._all:
            return
        if self._path != ":memory:":
            Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        for _ in range(self._pool_size):
            connection = await aiosqlite.connect(self._path, isolation_level=None)
            for pragma in ("journal_mode=WAL", "foreign_keys=ON", "busy_timeout=10000"):
                await connection.execute(f"PRAGMA {pragma}")
            self._all.append(connection)
            self._idle.put_nowait(connection)

    async def close(self) -> None:
        for connection in self._all:
            await connection.close()
        self._all.clear()
        self._idle = asyncio.Queue()

    def pool_use(self) -> dict[str, int]:
        idle = self._idle.qsize()
        waiting = len(getattr(self._idle, "_getters", ()))
        return {"in_use": len(self._all) - idle, "idle": idle, "waiting": waiting}

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[aiosqlite.Connection]:
        connection = await self._idle.get()
        try:
            yield connection
        finally:
            self._idle.put_nowait(connection)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[SqliteTx]:
        async with self._connection() as connection:
            yield SqliteTx(connection)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[SqliteTx]:
        async with self._write_lock, self._connection() as connection:
            await connection.execute("BEGIN IMMEDIATE")
            try:
                yield SqliteTx(connection)
            except BaseException:
                await connection.execute("ROLLBACK")
                raise
            await connection.execute("COMMIT")
