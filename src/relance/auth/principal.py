"""Who is calling: the bearer token verified into a Principal, and the scope check."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from relance.auth.errors import MissingScope, Unauthenticated
from relance.http.request_headers import header_value
from relance.state import get_state


@dataclass(frozen=True, slots=True)
class Principal:
    company_id: int
    client_id: str
    scopes: frozenset[str]
    token_id: str


def _bearer_token(request: Request) -> str | None:
    header = header_value(request, b"authorization")
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
    return Principal(claims.company_id, claims.client_id, claims.scopes, claims.token_id)


def require_scope(principal: Principal, scope: str) -> None:
    if scope not in principal.scopes:
        raise MissingScope(scope)
