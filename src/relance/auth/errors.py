"""The bearer-token refusals of SPEC 1: 401 with the RFC 6750 challenge, 403 for a scope."""

from __future__ import annotations

from relance.kit.errors import ApiError, Forbidden


class Unauthenticated(ApiError):
    """401 with the RFC 6750 challenge; ``invalid_token`` when a token was sent but refused."""

    status = 401
    message = "Authentication credentials are missing or invalid"

    def __init__(self, token_sent: bool = False) -> None:
        challenge = 'Bearer realm="relance"'
        if token_sent:
            challenge += ', error="invalid_token"'
        super().__init__(headers={"WWW-Authenticate": challenge})


class MissingScope(Forbidden):
    def __init__(self, scope: str) -> None:
        super().__init__(
            f'Required scope "{scope}" not found in token',
            headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'},
        )
