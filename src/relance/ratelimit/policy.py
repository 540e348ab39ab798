"""How much a client may call: the defaults (settings) and an operator's per-client override."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

from relance.db.tx import Database
from relance.ratelimit.repository import ClientLimits, load_overrides


@dataclass(frozen=True, slots=True)
class Allowance:
    reads: int
    writes: int
    window: int


class LimitPolicy:
    """Each client's allowance: the defaults, overridden per client. Overrides are read from
    the database at most every ``refresh_seconds``: `relance client limits` takes effect on
    every node within that bound (the same one as revocations)."""

    def __init__(self, defaults: Allowance, refresh_seconds: float) -> None:
        self.defaults = defaults
        self.refresh_seconds = refresh_seconds
        self._overrides: dict[str, Allowance] = {}
        self._loaded_at = float("-inf")
        self._lock = asyncio.Lock()

    async def allowance(self, client_id: str, database: Database) -> Allowance:
        current = self.current(client_id)
        if current is not None:
            return current
        await self._refresh(database)
        return self._overrides.get(client_id, self.defaults)

    def current(self, client_id: str) -> Allowance | None:
        """The allowance without awaiting anything, or None when the overrides are due for a
        refresh (``allowance`` then reads them)."""
        if time.monotonic() - self._loaded_at >= self.refresh_seconds:
            return None
        return self._overrides.get(client_id, self.defaults)

    async def _refresh(self, database: Database) -> None:
        async with self._lock:
            if time.monotonic() - self._loaded_at < self.refresh_seconds:
                return
            async with database.read() as tx:
                overrides = await load_overrides(tx)
            self._overrides = {
                client_id: self._merged(limits) for client_id, limits in overrides.items()
            }
            self._loaded_at = time.monotonic()

    def _merged(self, limits: ClientLimits) -> Allowance:
        defaults = self.defaults
        return Allowance(
            limits.reads if limits.reads is not None else defaults.reads,
            limits.writes if limits.writes is not None else defaults.writes,
            limits.window if limits.window is not None else defaults.window,
        )
