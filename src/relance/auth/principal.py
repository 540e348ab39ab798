"""Who is calling: the Principal dependency and typed aliases that state a route's access rule."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from relance.auth import scopes
from relance.errors import MissingScope, Unauthenticated
from relance.state import get_state


@dataclass(frozen=True, slots=True)
class Principal:
    company_id: int
    client_id: str
    scopes: frozenset[str]
    token_id: str


def _bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is None:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated(token_sent=True)
    return token.strip()


async def authenticate(request: Request) -> Principal:
    token = _bearer_token(request)
    if token is None:
        raise Unauthenticated()
    state = get_state(request)
    claims = state.signer.verify(token)
    if claims is None or await state.revocations.is_revoked(claims, state.database):
        raise Unauthenticated(token_sent=True)
    principal = Principal(claims.company_id, claims.client_id, claims.scopes, claims.token_id)
    request.state.principal = principal
    return principal


async def authorize(request: Request, scope: str) -> Principal:
    """authenticate + the scope check, as one call (for the one-dependency route aliases)."""
    principal = await authenticate(request)
    if scope not in principal.scopes:
        raise MissingScope(scope)
    return principal


def require_scope(scope: str) -> Callable[[Principal], Awaitable[Principal]]:
    # Depends(authenticate) is cached per request: a route holding several aliases verifies the
    # token once.
    async def dependency(principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
        if scope not in principal.scopes:
            raise MissingScope(scope)
        return principal

    dependency.__name__ = f"require_{scope.replace(':', '_')}"
    return dependency


Authenticated = Annotated[Principal, Depends(authenticate)]
DebtsRead = Annotated[Principal, Depends(require_scope(scopes.DEBTS_READ))]
DebtsWrite = Annotated[Principal, Depends(require_scope(scopes.DEBTS_WRITE))]
FollowupsRead = Annotated[Principal, Depends(require_scope(scopes.FOLLOWUPS_READ))]
FollowupsWrite = Annotated[Principal, Depends(require_scope(scopes.FOLLOWUPS_WRITE))]
PaymentsWrite = Annotated[Principal, Depends(require_scope(scopes.PAYMENTS_WRITE))]
WebhooksRead = Annotated[Principal, Depends(require_scope(scopes.WEBHOOKS_READ))]
WebhooksWrite = Annotated[Principal, Depends(require_scope(scopes.WEBHOOKS_WRITE))]
CompanyRead = Annotated[Principal, Depends(require_scope(scopes.COMPANY_READ))]
