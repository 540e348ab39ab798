"""The one place a write transaction is opened and committed: routes reach it through
``http.endpoint.Call.transaction()``, the CLI through ``run_in_transaction``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import TypeVar

from relance.db.connect import create_database
from relance.db.tx import Database, Tx

T = TypeVar("T")


def write_transaction(database: Database) -> AbstractAsyncContextManager[Tx]:
    """Exits normally → COMMIT, raises → ROLLBACK. (The backend's own context manager, handed
    on rather than wrapped: one generator frame less per write.)"""
    manager: AbstractAsyncContextManager[Tx] = database.write()
    return manager


async def run_in_transaction(url: str, action: Callable[[Tx], Awaitable[T]]) -> T:
    """For a command outside the server: its own connection, one transaction, then closed."""
    database = create_database(url, pool_size=1)
    await database.connect()
    try:
        async with write_transaction(database) as tx:
            return await action(tx)
    finally:
        await database.close()
