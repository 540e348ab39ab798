"""The rate-limit checks of a request: a client's reads and writes (SPEC 7), and failed client
authentications on /token. When the shared store is unreachable, requests are served (fail
open): the failure is logged (at most once per ``_QUIET_SECONDS``), counted, and the store is
left alone for that long, so an outage costs no request a timeout."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable

from relance.db.tx import Database
from relance.observe.metrics import RATE_LIMIT_REFUSALS, RATE_LIMIT_STORE_FAILURES
from relance.ratelimit.policy import LimitPolicy
from relance.ratelimit.window import Limiter, Window

logger = logging.getLogger("relance.ratelimit")

Hit = Callable[[str, int, int, int], Awaitable[Window]]  # Limiter.hit
TOKEN_FAILURES_ALLOWED = 10
TOKEN_FAILURE_WINDOW = 60
_QUIET_SECONDS = 5.0


class RateGuard:
    def __init__(self, limiter: Limiter, policy: LimitPolicy) -> None:
        self.limiter = limiter
        self.policy = policy
        self.store_failures = 0  # requests served unchecked because the store failed
        self.refusals = 0
        self._skip_until = 0.0

    async def check(self, client_id: str, writes: bool, database: Database) -> Window | None:
        """Counts one request of the client (refused ones are not counted); None when the store
        could not be asked."""
        # Every request passes here: no coroutine where nothing needs awaiting.
        allowance = self.policy.current(client_id)
        if allowance is None:
            allowance = await self.policy.allowance(client_id, database)
        if writes:
            key, limit = f"api:{client_id}:w", allowance.writes
        else:
            key, limit = f"api:{client_id}:r", allowance.reads
        window = await self._ask(self.limiter.hit, key, limit, allowance.window)
        if window is not None and not window.allowed:
            self.refusals += 1
            RATE_LIMIT_REFUSALS.inc()
        return window

    async def token_attempts_left(self, client_id: str) -> Window | None:
        """Whether ``client_id`` may try to authenticate (a look, nothing counted)."""
        key = _token_key(client_id)
        return await self._ask(self.limiter.hit, key, *_TOKEN_RULE, 0)

    async def token_failed(self, client_id: str) -> None:
        key = _token_key(client_id)
        await self._ask(self.limiter.hit, key, *_TOKEN_RULE)

    async def _ask(
        self, hit: Hit, key: str, limit: int, seconds: int, cost: int = 1
    ) -> Window | None:
        if time.monotonic() < self._skip_until:
            self.store_failures += 1
            RATE_LIMIT_STORE_FAILURES.inc()
            return None
        try:
            return await hit(key, limit, seconds, cost)
        except Exception as error:  # any store failure: serve the request, say so once
            self.store_failures += 1
            RATE_LIMIT_STORE_FAILURES.inc()
            self._skip_until = time.monotonic() + _QUIET_SECONDS
            logger.warning(
                "rate-limit store unreachable, serving without limits for %.0f s: %s",
                _QUIET_SECONDS,
                type(error).__name__,
            )
            return None

    async def close(self) -> None:
        await self.limiter.close()


_TOKEN_RULE = (TOKEN_FAILURES_ALLOWED, TOKEN_FAILURE_WINDOW)


def _token_key(client_id: str) -> str:
    return f"token-failures:{client_id}"
