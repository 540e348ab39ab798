"""How every endpoint is declared: its access rule, its body and its way to the database.

An endpoint takes exactly one dependency made here, stated in its signature with the rule:

    @router.put("/followups/{followup_id}")
    async def update_followup(
        followup_id: str, call: Annotated[Call, writes(scopes.FOLLOWUPS_WRITE)]
    ) -> Response:
        async with call.transaction() as tx:
            result = await FollowupService(tx, ...).update(followup_id, call.body, ...)
        return ok(result.data, "Followup updated successfully")

- ``reads(scope)``: a bearer token holding ``scope`` (401, then 403); ``call.reads`` runs each
  statement on a pooled connection without BEGIN.
- ``writes(scope, body=read_json_object)``: the same, then the body (415/400 before any
  connection is taken); ``body=None`` leaves the stream to the route (uploads).
  ``call.transaction()`` is the write transaction (``db.transaction``, the one place that
  commits); the route answers after it has committed, so a client never sees 201 for a write
  that failed to commit.
- ``public(body=None)``: no bearer token (OAuth endpoints, signed media and tracking links).

Each dependency is a plain coroutine of the Request: the house route class (``http.route``)
calls it without FastAPI's per-request solving, and no generator holds a connection. It carries
its ``AccessRule``, from which ``http.openapi`` documents the operation (security, body errors).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any

from fastapi import Depends, Request

from relance.auth.principal import Principal, authorize
from relance.db.transaction import write_transaction
from relance.db.tx import StatementTx, Tx
from relance.http.body import read_json_object
from relance.state import AppState, get_state

BodyReader = Callable[[Request], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class AccessRule:
    """What an endpoint demands: a bearer token with ``scope`` (None: public) and its body."""

    scope: str | None
    body: BodyReader | None


@dataclass(frozen=True, slots=True)
class PublicCall:
    """One request's context: the app's shared objects and its parsed body (None if unread)."""

    state: AppState
    body: Any

    @property
    def reads(self) -> Tx:
        """Each statement alone on a pooled connection: no connection is held across a route."""
        return StatementTx(self.state.database)

    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        return write_transaction(self.state.database)


@dataclass(frozen=True, slots=True)
class Call(PublicCall):
    """An authorised request: also who calls (company, client, scopes)."""

    principal: Principal

    @property
    def company_id(self) -> int:
        return self.principal.company_id


def reads(scope: str) -> Any:
    """The access rule of a read endpoint: a token with ``scope``."""

    async def dependency(request: Request) -> Call:
        principal = await authorize(request, scope)
        return Call(get_state(request), None, principal)

    return _named(dependency, f"reads_{scope}", AccessRule(scope, None))


def writes(scope: str, body: BodyReader | None = read_json_object) -> Any:
    """The access rule of a write endpoint: a token with ``scope``, then the body."""

    async def dependency(request: Request) -> Call:
        principal = await authorize(request, scope)
        parsed = None if body is None else await body(request)
        return Call(get_state(request), parsed, principal)

    return _named(dependency, f"writes_{scope}", AccessRule(scope, body))


def public(body: BodyReader | None = None) -> Any:
    """No bearer token: the route checks what the request carries (a signed link, a secret)."""

    async def dependency(request: Request) -> PublicCall:
        parsed = None if body is None else await body(request)
        return PublicCall(get_state(request), parsed)

    return _named(dependency, "public", AccessRule(None, body))


def _named(
    dependency: Callable[[Request], Awaitable[PublicCall]], name: str, rule: AccessRule
) -> Any:
    dependency.__name__ = name.replace(":", "_")
    setattr(dependency, ACCESS_RULE, rule)
    return Depends(dependency)


ACCESS_RULE = "access_rule"


def access_rule_of(dependency: object) -> AccessRule | None:
    """The rule a dependency made here carries; None for anything else."""
    rule = getattr(dependency, ACCESS_RULE, None)
    return rule if isinstance(rule, AccessRule) else None
