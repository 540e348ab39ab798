"""The SQLite request path: a pool of connection workers (sqlite_worker), WAL, one writer at a
time."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.sql.base import Executable

from relance.db.compile import Compiled, StatementCache
from relance.db.sqlite_worker import Outcome, SqliteWorker, finish, run_many, run_statement

_CACHE = StatementCache(SQLiteDialect_pysqlite(), convert_results=True)


def _adapt_datetime(value: datetime) -> str:
    # Same fixed-width naive-UTC text SQLAlchemy's SQLite DateTime writes, so both paths agree.
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


sqlite3.register_adapter(datetime, _adapt_datetime)
sqlite3.register_adapter(date, date.isoformat)
sqlite3.register_adapter(Decimal, str)


def _rows_to_dicts(compiled: Compiled, outcome: Outcome) -> list[dict[str, Any]]:
    names = compiled.columns or outcome.columns
    rows = [dict(zip(names, row, strict=True)) for row in outcome.rows]
    # Column by column, and only the converted ones: most columns go through untouched.
    for name, convert in compiled.conversions:
        for row in rows:
            value = row[name]
            if value is not None:
                row[name] = convert(value)
    return rows


class SqliteTx:
    """Statements on one worker's connection. In a write, ``BEGIN IMMEDIATE`` is sent with the
    first statement (same hop) and the transaction stays open until the database ends it."""

    dialect_name = "sqlite"

    def __init__(self, worker: SqliteWorker, begin: str | None = None) -> None:
        self._worker = worker
        self._begin = begin

    async def _run(self, compiled: Compiled, params: Mapping[str, Any] | None) -> Outcome:
        sql, bound, worker = compiled.sql, compiled.bind(params), self._worker
        if self._begin is not None and worker.holds_idle_transaction():
            # Inside a write that has begun, this process holds SQLite's write lock: the
            # statement cannot wait on another writer, and running it here keeps the critical
            # section short (no hop, no other request's turn of the loop in between). COMMIT
            # (which waits on fsync) still goes to the thread.
            here: Outcome = worker.run_here(
                partial(run_statement, sql=sql, params=bound, begin=None)
            )
            return here
        outcome: Outcome = await worker.call(
            partial(run_statement, sql=sql, params=bound, begin=self._begin)
        )
        return outcome

    async def fetch_all(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        compiled = _CACHE.get(query)
        return _rows_to_dicts(compiled, await self._run(compiled, params))

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
        # BEGIN IMMEDIATE rides with the statement anyway: nothing to save by skipping it.
        return await self.fetch_one(query, params)

    async def fetch_val(self, query: Executable, params: Mapping[str, Any] | None = None) -> Any:
        row = await self.fetch_one(query, params)
        return None if row is None else next(iter(row.values()))

    async def execute(self, query: Executable, params: Mapping[str, Any] | None = None) -> int:
        return (await self._run(_CACHE.get(query), params)).rowcount

    async def execute_many(self, query: Executable, params: Sequence[Mapping[str, Any]]) -> None:
        compiled = _CACHE.get(query)
        rows = [compiled.bind(p) for p in params]
        await self._worker.call(partial(run_many, sql=compiled.sql, rows=rows, begin=self._begin))


class SqliteDatabase:
    dialect_name = "sqlite"

    def __init__(self, path: str, pool_size: int) -> None:
        self._path = path
        self._pool_size = pool_size
        self._idle: asyncio.Queue[SqliteWorker] = asyncio.Queue()
        self._all: list[SqliteWorker] = []
        # One writer at a time inside this process; BEGIN IMMEDIATE guards against other processes.
        self._write_lock = asyncio.Lock()

    async def connect(self) -> None:
        if self._all:
            return
        if self._path != ":memory:":
            Path(self._path).parent.mkdir(parents=True, exist_ok=True)
        for _ in range(self._pool_size):
            worker = SqliteWorker(self._path)
            await worker.open()
            self._all.append(worker)
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        for worker in self._all:
            await worker.close()
        self._all.clear()
        self._idle = asyncio.Queue()

    def pool_use(self) -> dict[str, int]:
        idle = self._idle.qsize()
        waiting = len(getattr(self._idle, "_getters", ()))
        return {"in_use": len(self._all) - idle, "idle": idle, "waiting": waiting}

    @asynccontextmanager
    async def _worker(self) -> AsyncIterator[SqliteWorker]:
        worker = await self._idle.get()
        try:
            yield worker
        finally:
            self._idle.put_nowait(worker)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[SqliteTx]:
        async with self._worker() as worker:
            yield SqliteTx(worker)

    @asynccontextmanager
    async def write(self) -> AsyncIterator[SqliteTx]:
        async with self._write_lock, self._worker() as worker:
            try:
                yield SqliteTx(worker, begin="BEGIN IMMEDIATE")
            except BaseException:
                # Queued behind the statement a cancelled request left running: same thread.
                await worker.call(partial(finish, verb="ROLLBACK"))
                raise
            await worker.call(partial(finish, verb="COMMIT"))
