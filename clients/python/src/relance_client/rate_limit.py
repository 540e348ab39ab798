"""Rate-limit state the server announces on every authenticated answer (SPEC 7)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

__all__ = ["RateLimit", "parse_retry_after"]


@dataclass(frozen=True, slots=True)
class RateLimit:
    """The ``X-RateLimit-*`` headers of the latest answer that carried them.

    Attributes:
        limit: requests allowed per window for this kind of request (reads or writes).
        remaining: requests left in the current window.
        reset: when the window frees up again (UTC).
        window: the window's length, in seconds.
    """

    limit: int
    remaining: int
    reset: datetime
    window: int

    @classmethod
    def from_headers(cls, headers: httpx.Headers) -> RateLimit | None:
        """None unless all four headers are present and are integers."""
        try:
            return cls(
                limit=int(headers["x-ratelimit-limit"]),
                remaining=int(headers["x-ratelimit-remaining"]),
                reset=datetime.fromtimestamp(int(headers["x-ratelimit-reset"]), UTC),
                window=int(headers["x-ratelimit-window"]),
            )
        except (KeyError, ValueError, OverflowError):
            return None


class RateLimitTracker:
    """Keeps the latest :class:`RateLimit` seen; shared by every request of one client, which
    may run in several threads, hence the lock."""

    def __init__(self) -> None:
        self._latest: RateLimit | None = None
        self._lock = threading.Lock()

    @property
    def latest(self) -> RateLimit | None:
        return self._latest

    def observe(self, response: httpx.Response) -> None:
        seen = RateLimit.from_headers(response.headers)
        if seen is not None:
            with self._lock:
                self._latest = seen


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date (RFC 9110)."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
