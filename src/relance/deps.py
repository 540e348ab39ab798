"""Request dependencies for database access; the write one is the only path to a commit.

The hot routes take one ``Call`` dependency that authenticates, checks the scope, reads the
body (writes) and gives the route its Tx (a yielded transaction for writes, a per-statement
reader for reads): FastAPI's dependency solving costs tens of µs per dependency, and the
aliases below used to be four or five per request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request

from relance.auth import scopes
from relance.auth.principal import Principal, authorize
from relance.body import read_json_object
from relance.db import StatementTx, Tx, write_transaction
from relance.state import AppState, get_state

BodyReader = Callable[[Request], Awaitable[dict[str, Any]]]


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


@dataclass(frozen=True, slots=True)
class Call:
    """One authorised request: who calls, the app's shared objects, its transaction, its body
    (an empty dict on reads)."""

    principal: Principal
    state: AppState
    tx: Tx
    body: dict[str, Any]


def reading(scope: str) -> Callable[[Request], Awaitable[Call]]:
    """401/403, then a read Tx: each statement on a pooled connection, without BEGIN. A plain
    coroutine: no connection is held across the route, so no exit stack is needed."""

    async def dependency(request: Request) -> Call:
        principal = await authorize(request, scope)
        state = get_state(request)
        return Call(principal, state, StatementTx(state.database), {})

    dependency.__name__ = f"reading_{scope.replace(':', '_')}"
    return dependency


def writing(scope: str, body: BodyReader | None) -> Callable[[Request], AsyncIterator[Call]]:
    """401/403, then 415/400 from ``body`` (read before the transaction opens), then the
    write transaction: COMMIT when the route returns, ROLLBACK when it raises."""

    async def dependency(request: Request) -> AsyncIterator[Call]:
        principal = await authorize(request, scope)
        payload = {} if body is None else await body(request)
        state = get_state(request)
        async with write_transaction(state.database) as tx:
            yield Call(principal, state, tx, payload)

    dependency.__name__ = f"writing_{scope.replace(':', '_')}"
    return dependency


FollowupsReadCall = Annotated[Call, Depends(reading(scopes.FOLLOWUPS_READ))]
FollowupsWriteCall = Annotated[
    Call, Depends(writing(scopes.FOLLOWUPS_WRITE, read_json_object), scope="function")
]
