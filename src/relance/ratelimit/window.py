"""What a limiter answers for one hit, and the headers every authenticated answer carries."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Protocol


@dataclass(slots=True)  # made per request: not frozen (docs/decisions.md, issue 19)
class Window:
    """One key's moving window after a hit (or a peek): counts and when a slot frees up."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: float  # unix seconds: when the oldest request counted leaves the window
    seconds: int  # the window's length

    def retry_after(self, now: float) -> int:
        return max(1, math.ceil(self.reset_at - now))

    def headers(self) -> list[tuple[bytes, bytes]]:
        """The four X-RateLimit-* headers, as ASGI header pairs."""
        return [
            (b"x-ratelimit-limit", b"%d" % self.limit),
            (b"x-ratelimit-remaining", b"%d" % max(self.remaining, 0)),
            (b"x-ratelimit-reset", b"%d" % math.ceil(self.reset_at)),
            (b"x-ratelimit-window", b"%d" % self.seconds),
        ]


class Limiter(Protocol):
    async def hit(self, key: str, limit: int, seconds: int, cost: int = 1) -> Window:
        """Counts ``cost`` requests for ``key`` when they fit in ``limit`` per ``seconds``
        (nothing is counted when they don't); ``cost=0`` only looks."""
        ...

    async def close(self) -> None: ...
