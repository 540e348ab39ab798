"""SPEC 15's login throttle: 10 failed logins per account per 15 minutes, then a wait.

Counted per email as typed (lower-cased), known or not, so the answer never tells whether an
account exists. Once the window is full, even the right password waits: guessing stays slow.
Like the API's limits, a store that cannot be reached lets the login through (fail open) and
says so in the log.
"""

from __future__ import annotations

import logging
import time

from relance.ratelimit.guard import RateGuard
from relance.ratelimit.window import Window

FAILURES_ALLOWED = 10
WINDOW_SECONDS = 15 * 60

logger = logging.getLogger("relance.dashboard")


class LoginThrottle:
    def __init__(self, guard: RateGuard) -> None:
        self._limiter = guard.limiter

    async def wait_seconds(self, email: str) -> int:
        """0 when ``email`` may try to log in, else the seconds until it may (nothing counted)."""
        window = await self._hit(email, cost=0)
        if window is None or window.allowed:
            return 0
        return window.retry_after(time.time())

    async def failed(self, email: str) -> None:
        await self._hit(email, cost=1)

    async def _hit(self, email: str, cost: int) -> Window | None:
        try:
            return await self._limiter.hit(_key(email), FAILURES_ALLOWED, WINDOW_SECONDS, cost)
        except Exception as error:  # any store failure: let the login through, say so
            logger.warning("login throttle store unreachable: %s", type(error).__name__)
            return None


def _key(email: str) -> str:
    return f"dashboard-login-failures:{email}"
