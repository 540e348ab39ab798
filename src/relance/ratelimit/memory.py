"""The in-process limiter for one node: the ``limits`` library's moving window in memory."""

from __future__ import annotations

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

from relance.ratelimit.window import Window


class MemoryLimiter:
    def __init__(self) -> None:
        self._storage = MemoryStorage()
        self._limiter = MovingWindowRateLimiter(self._storage)
        self._items: dict[tuple[int, int], RateLimitItem] = {}

    def _item(self, limit: int, seconds: int) -> RateLimitItem:
        item = self._items.get((limit, seconds))
        if item is None:
            item = self._items[(limit, seconds)] = RateLimitItemPerSecond(limit, seconds)
        return item

    async def hit(self, key: str, limit: int, seconds: int, cost: int = 1) -> Window:
        item = self._item(limit, seconds)
        if cost:
            allowed = await self._limiter.hit(item, key, cost=cost)
        else:
            allowed = await self._limiter.test(item, key)
        stats = await self._limiter.get_window_stats(item, key)
        return Window(allowed, limit, stats.remaining, stats.reset_time, seconds)

    async def close(self) -> None:
        # Stop the storage's expiry task; reset() would race it (limits 5.8 then logs a
        # KeyError from the task).
        timer = self._storage.timer
        if timer is not None:
            timer.cancel()
