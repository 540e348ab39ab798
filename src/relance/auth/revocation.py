"""A cached view of revoked clients and access tokens, so verifying a token needs no query.

Bound: a revocation takes effect on a node within ``refresh_seconds`` (default 5 s) of commit;
on the node that served it (``POST /revoke``, refresh-token reuse) at once.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from relance.auth import repository

if TYPE_CHECKING:
    from relance.auth.jwt_tokens import AccessClaims
    from relance.db.tx import Database


def family_key(family_id: str) -> str:
    """The revoked-token entry that stands for every access token of a refresh-token family."""
    return f"family:{family_id}"


class RevocationCache:
    def __init__(self, refresh_seconds: float) -> None:
        self.refresh_seconds = refresh_seconds
        self._revoked_clients: frozenset[str] = frozenset()
        self._revoked_tokens: frozenset[str] = frozenset()
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    async def is_revoked(self, claims: AccessClaims, database: Database) -> bool:
        if time.monotonic() - self._loaded_at >= self.refresh_seconds:
            await self.refresh(database)
        return (
            claims.client_id in self._revoked_clients
            or claims.token_id in self._revoked_tokens
            or family_key(claims.family_id) in self._revoked_tokens
        )

    async def refresh(self, database: Database) -> None:
        async with self._lock:
            if time.monotonic() - self._loaded_at < self.refresh_seconds:
                return
            async with database.read() as tx:
                clients, tokens = await repository.load_revocations(tx)
            self._revoked_clients = frozenset(clients)
            self._revoked_tokens = frozenset(tokens)
            self._loaded_at = time.monotonic()

    def forget(self) -> None:
        """Forces a reload on the next check (used right after a local revocation)."""
        self._loaded_at = float("-inf")
