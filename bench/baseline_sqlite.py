"""The SQLite ceiling: raw ASGI (baseline_http) + relance's SQLite driver + orjson on its file.

    BENCH_DSN=sqlite:////path/relance.db RELANCE_SECRET_KEY=... uvicorn bench.baseline_sqlite:app

The same driver and pool as relance's embedded default (``relance.db.sqlite_worker``: 4
connections each in its own thread, WAL, busy_timeout, one writer at a time in the process), the
same statements; each statement is one hop to its connection's thread, a transaction's
``BEGIN IMMEDIATE`` rides with its first statement, and a write that is one statement runs
alone, without BEGIN / COMMIT around it.
"""

from __future__ import annotations

import asyncio
import hmac
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

import orjson

from bench import baseline_keys as keys
from bench import baseline_sqlite_sql as sql
from bench.baseline_http import CODEC, JSON_OPTIONS, SIGNER, Handlers, Reply, error, make_app
from bench.baseline_input import create_input, list_input, token_input, update_input
from bench.baseline_sql import counters
from bench.relance_api import AccessClaims, hash_secret
from relance.db.sqlite_worker import SqliteWorker, finish, run_statement

POOL_SIZE = 4  # relance's SQLite pool: min(db_pool_size, 4)
_BEGIN = "BEGIN IMMEDIATE"
_idle: asyncio.Queue[SqliteWorker] = asyncio.Queue()
_all: list[SqliteWorker] = []
_write_lock = asyncio.Lock()


@asynccontextmanager
async def _connection(write: bool = False) -> AsyncIterator[SqliteWorker]:
    """A pooled connection; writers also take the process's write lock (as relance does):
    a second writer would only spin in SQLite's busy handler inside its thread."""
    if write:
        await _write_lock.acquire()
    connection = await _idle.get()
    try:
        yield connection
    finally:
        _idle.put_nowait(connection)
        if write:
            _write_lock.release()


async def _list_by_debt(claims: AccessClaims, debt: str, query: bytes) -> Reply:
    debt_id, page, limit = list_input(debt, query)
    async with _connection() as connection:
        params = (claims.company_id, debt_id, limit, (page - 1) * limit)
        rows = await _rows(connection, sql.LIST_BY_DEBT, params)
    if not rows:
        return error(404, "Debt not found")
    if rows[0][0] != claims.company_id:
        return error(403, "Access denied to this debt")
    total = rows[0][1]
    data = [sql.followup_out(row, CODEC, at=2) for row in rows if row[2] is not None]
    pagination = {
        "total": total,
        "page": page,
        "limit": limit,
        "pages": -(-total // limit),
        "next_cursor": None,
    }
    return 200, {"error": False, "data": data, "pagination": pagination}


async def _rows(
    connection: SqliteWorker, statement: str, params: Any, begin: str | None = None
) -> list[Any]:
    job = partial(run_statement, sql=statement, params=params, begin=begin)
    rows: list[Any] = (await connection.call(job)).rows
    return rows


async def _one(
    connection: SqliteWorker, statement: str, params: Any, begin: str | None = None
) -> Any:
    rows = await _rows(connection, statement, params, begin)
    return rows[0] if rows else None


async def _end(connection: SqliteWorker, verb: str) -> None:
    await connection.call(partial(finish, verb=verb))


async def _create(claims: AccessClaims, raw: bytes, sent_key: bytes | None) -> Reply:
    key = keys.key_text(sent_key)
    debt_id, fields, values = create_input(raw, sql.stored)
    deltas = counters(fields["status"], fields["direction"])
    print_ = "" if key is None else keys.fingerprint(raw)
    async with _connection(write=True) as connection:
        try:
            data = await _write_created(
                connection, claims.company_id, debt_id, deltas, values, key, print_
            )
        except _KeyTaken:
            await _end(connection, "ROLLBACK")
            stored = await _one(connection, keys.SQLITE_KEPT, (claims.company_id, key))
            kept = None if stored[1] is None else orjson.loads(stored[1])
            return keys.replay(print_, stored[0], kept)
        except BaseException:
            await _end(connection, "ROLLBACK")
            raise
        await _end(connection, "COMMIT" if data is not None else "ROLLBACK")
        if data is None:
            owner = await _one(connection, sql.DEBT_OWNER, (debt_id,))
            return (
                error(403, "Access denied to this debt")
                if owner
                else error(400, "Validation failed")
            )
    return keys.created(data)


class _KeyTaken(Exception):
    """The create's Idempotency-Key was claimed before: the request is a retry."""


async def _write_created(
    connection: SqliteWorker,
    company_id: int,
    debt_id: int,
    deltas: tuple[int, int],
    values: list[Any],
    key: str | None,
    print_: str,
) -> dict[str, Any] | None:
    """In one BEGIN IMMEDIATE transaction: claim the key (if any), move the debt's counters,
    insert, keep the answer on the key's row. The answer's data; None: no such debt of the
    company; _KeyTaken: the key was claimed before. The caller commits or rolls back."""
    now = sql.now_text()
    begin: str | None = _BEGIN
    if key is not None:
        claim = (company_id, key, print_, now)
        if await _one(connection, keys.SQLITE_CLAIM, claim, begin=_BEGIN) is None:
            raise _KeyTaken()
        begin = None
    bump = (debt_id, company_id, 1, *deltas)
    if await _one(connection, sql.BUMP_COUNTERS, bump, begin=begin) is None:
        return None
    activity = values[2] or values[3] or now  # call_date, scheduled_at, now
    row = await _one(connection, sql.INSERT_FOLLOWUP, (company_id, debt_id, *values, now, activity))
    data = sql.followup_out(row, CODEC)
    if key is not None:
        kept = (company_id, key, orjson.dumps(data, option=JSON_OPTIONS))
        await _one(connection, keys.SQLITE_KEEP, kept)
    return data


async def _update_counted(
    connection: SqliteWorker, statement: str, params: tuple[Any, ...], company_id: int
) -> Any:
    """status or direction sent: the old state, the update and the counters it moves, in one
    BEGIN IMMEDIATE transaction (the bench's updates keep both, so this is the rare path)."""
    try:
        old = await _one(connection, sql.OLD_STATE, params[:2], begin=_BEGIN)
        row = None if old is None else await _one(connection, statement, params)
        if row is not None:
            before, after = counters(old[1], old[2]), counters(row[2], row[12])
            if before != after:
                await _one(
                    connection,
                    sql.BUMP_COUNTERS,
                    (old[0], company_id, 0, after[0] - before[0], after[1] - before[1]),
                )
    except BaseException:
        await _end(connection, "ROLLBACK")
        raise
    await _end(connection, "COMMIT")
    return row


async def _update(claims: AccessClaims, public_id: str, raw: bytes) -> Reply:
    followup_id, keys, values = update_input(public_id, raw, sql.stored)
    params = (followup_id, claims.company_id, sql.now_text(), *values)
    statement = sql.update_statement(keys)
    async with _connection(write=True) as connection:
        if "status" in keys or "direction" in keys:
            row = await _update_counted(connection, statement, params, claims.company_id)
        else:
            row = await _one(connection, statement, params)  # one statement: alone
        if row is None:
            owner = await _one(connection, sql.FOLLOWUP_OWNER, (followup_id,))
            return (
                error(403, "Access denied to this followup")
                if owner
                else error(404, "Followup not found")
            )
    return 200, {
        "error": False,
        "message": "Followup updated successfully",
        "data": sql.followup_out(row, CODEC),
    }


async def _token(raw: bytes) -> Reply:
    client_id, secret = token_input(raw)
    async with _connection() as connection:
        client = await _one(connection, sql.GET_CLIENT, (client_id,))
    if (
        client is None
        or client[5] is not None
        or not hmac.compare_digest(hash_secret(secret), client[3])
    ):
        return 401, {"error": "invalid_client"}
    refresh, family = secrets.token_urlsafe(32), secrets.token_hex(16)
    now = datetime.now(UTC)
    async with _connection(write=True) as connection:
        await _one(
            connection,
            sql.INSERT_REFRESH,
            (
                client[0],
                hash_secret(refresh),
                family,
                client[4],
                sql.stored(now),
                sql.stored(now + timedelta(days=30)),
            ),
        )
    token = SIGNER.issue(client[1], client[2], client[4].split(), family, now)
    return 200, {
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": refresh,
        "scope": client[4],
    }


async def _startup() -> None:
    path = os.environ["BENCH_DSN"].removeprefix("sqlite:///")
    for _ in range(POOL_SIZE):
        connection = SqliteWorker(path)
        await connection.open()
        _all.append(connection)
        _idle.put_nowait(connection)


async def _shutdown() -> None:
    for connection in _all:
        await connection.close()


app = make_app(Handlers(_list_by_debt, _create, _update, _token, _startup, _shutdown))
