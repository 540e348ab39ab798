"""Request dependencies: who calls with which scope, and the way to the database.

The hot routes take one plain-coroutine dependency that authenticates, checks the scope and
gives the route a per-statement reader (``Call``) or its parsed body and a way to open the write
transaction (``WriteCall``): FastAPI's dependency solving costs tens of µs per dependency, and
the aliases below used to be four or five per request.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager
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
    """One authorised read: who calls, the app's shared objects, a per-statement reader."""

    principal: Principal
    state: AppState
    tx: Tx


@dataclass(frozen=True, slots=True)
class WriteCall:
    """One authorised write: who calls, the app's shared objects, its parsed body. The route
    opens ``transaction()`` around the service call and answers after it has committed."""

    principal: Principal
    state: AppState
    body: dict[str, Any]

    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        return write_transaction(self.state.database)


def reading(scope: str) -> Callable[[Request], Awaitable[Call]]:
    """401/403, then a read Tx: each statement on a pooled connection, without BEGIN. A plain
    coroutine: no connection is held across the route, so no exit stack is needed."""

    async def dependency(request: Request) -> Call:
        principal = await authorize(request, scope)
        state = get_state(request)
        return Call(principal, state, StatementTx(state.database))

    dependency.__name__ = f"reading_{scope.replace(':', '_')}"
    return dependency


def writing(scope: str, body: BodyReader) -> Callable[[Request], Awaitable[WriteCall]]:
    """401/403, then 415/400 from ``body``. A plain coroutine, not a generator holding the
    transaction: FastAPI's exit-stack machinery around a generator dependency cost about a
    fifth of an update's CPU, so the route opens the transaction itself."""

    async def dependency(request: Request) -> WriteCall:
        principal = await authorize(request, scope)
        return WriteCall(principal, get_state(request), await body(request))

    dependency.__name__ = f"writing_{scope.replace(':', '_')}"
    return dependency


FollowupsReadCall = Annotated[Call, Depends(reading(scopes.FOLLOWUPS_READ))]
FollowupsWriteCall = Annotated[
    WriteCall, Depends(writing(scopes.FOLLOWUPS_WRITE, read_json_object))
]
