"""relance's pool of asyncpg connections, on the real PostgreSQL server (whatever the backend
under test: CI starts both)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from relance.db.pg_pool import ConnectionPool
from tests import backends


class Refused(Exception):
    """What a route raises after its statements (an ApiError, say)."""


@pytest.fixture
async def pool() -> AsyncIterator[ConnectionPool]:
    url = backends.postgres_url()
    backends.ensure_postgres_database(url)

    async def connect() -> Any:
        return await asyncpg.connect(url)

    made = ConnectionPool(connect, size=2)
    await made.start()
    yield made
    await made.close()


async def _pid(pool: ConnectionPool) -> int:
    async with pool.connection() as connection:
        pid: int = await connection.fetchval("SELECT pg_backend_pid()")
        return pid


async def test_a_connection_given_back_is_handed_out_again(pool: ConnectionPool) -> None:
    first = await _pid(pool)
    assert await _pid(pool) == first
    with pytest.raises(Refused):
        await _refuse_after_a_statement(pool)
    assert await _pid(pool) == first


async def _refuse_after_a_statement(pool: ConnectionPool) -> None:
    async with pool.connection() as connection:
        await connection.fetchval("SELECT 1")
        raise Refused  # the driver had answered: the connection is idle and clean


async def test_never_more_than_its_size_and_first_come_first_served(
    pool: ConnectionPool,
) -> None:
    order: list[int] = []
    most = 0

    async def use(number: int) -> None:
        nonlocal most
        async with pool.connection() as connection:
            order.append(number)
            most = max(most, pool.use()["in_use"])
            await connection.fetchval("SELECT pg_sleep(0.02)")

    await asyncio.gather(*(use(number) for number in range(8)))
    assert order == list(range(8))
    assert most == 2
    assert pool.use() == {"in_use": 0, "idle": 2, "waiting": 0}


async def test_a_connection_left_in_a_transaction_is_closed_not_reused(
    pool: ConnectionPool,
) -> None:
    async with pool.connection() as connection:
        left = await connection.fetchval("SELECT pg_backend_pid()")
        await connection.execute("BEGIN")
    assert connection.is_closed()
    assert await _pid(pool) != left


async def test_a_cancelled_statement_costs_its_connection_not_the_next_request(
    pool: ConnectionPool,
) -> None:
    async def sleeper() -> None:
        async with pool.connection() as connection:
            await connection.execute("SELECT pg_sleep(30)")

    task = asyncio.create_task(sleeper())
    await asyncio.sleep(0.2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert pool.use()["in_use"] == 0
    async with asyncio.timeout(5):
        assert await _pid(pool) > 0


async def test_a_connection_the_server_closed_is_replaced(pool: ConnectionPool) -> None:
    victim = await _pid(pool)
    outsider = await asyncpg.connect(backends.postgres_url())
    try:
        assert await outsider.fetchval("SELECT pg_terminate_backend($1)", victim)
    finally:
        await outsider.close()
    await asyncio.sleep(0.2)  # the idle connection learns it is closed
    pids = {await _pid(pool) for _ in range(3)}
    assert victim not in pids
