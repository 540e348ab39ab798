"""Request dependencies for database access; the write one is the only path to a commit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from relance.db import Tx, write_transaction
from relance.state import AppState, get_state


async def _state(request: Request) -> AppState:
    # async: FastAPI runs a plain `def` dependency in its thread pool, which cost a third of
    # a write request's CPU (thread hand-off on every call) for one attribute lookup.
    return get_state(request)


State = Annotated[AppState, Depends(_state)]


async def _read_tx(request: Request) -> AsyncIterator[Tx]:
    async with get_state(request).database.read() as tx:
        yield tx


async def _write_tx(request: Request) -> AsyncIterator[Tx]:
    async with write_transaction(get_state(request).database) as tx:
        yield tx


# scope="function": the transaction ends (COMMIT or ROLLBACK) before the response is sent, so a
# client never sees 201 for a write that failed to commit.
ReadTx = Annotated[Tx, Depends(_read_tx, scope="function")]
WriteTx = Annotated[Tx, Depends(_write_tx, scope="function")]
