"""Who is calling: the bearer token verified into a Principal, and the scope check."""

from __future__ import annotations

from fastapi import Request

from relance.auth.errors import MissingScope, Unauthenticated
from relance.auth.jwt_tokens import AccessClaims
from relance.http.request_headers import header_value
from relance.state import get_state

# Who calls: the claims of the verified token (company_id, client_id, scopes, token_id, ...),
# the very object the signer remembers for the token, not a copy per request (building a
# frozen dataclass costs about 0.5 µs).
Principal = AccessClaims


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
    return claims


def require_scope(principal: Principal, scope: str) -> None:
    if scope not in principal.scopes:
        raise MissingScope(scope)
