"""The in-process limiter for one node: a moving window per key, kept in memory.

Why not the ``limits`` library here (relance's in-process limiter until issue 19): its async
memory storage keeps each key's hits in a list it grows from the front, and its expiry task,
restarted by nearly every hit, hops to a worker thread once per key (``asyncio.to_thread``) to
trim it. With the bench's hundred clients that was about a sixth of the event loop's time on a
SQLite create. Here each key's hits are a deque of times, trimmed from its old end on each hit
(amortized O(1), nothing scheduled); keys whose window has emptied are swept now and then, so
unknown client ids sent to ``/token`` cannot grow memory without bound. Same window as the
Redis limiter (``redis_window``): the last ``seconds`` of counted hits.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass, field

from relance.ratelimit.window import Window

_SWEEP_EVERY = 10.0  # seconds between sweeps of keys whose window holds no hit any more


@dataclass(slots=True)
class _Hits:
    seconds: int
    times: deque[float] = field(default_factory=deque)  # oldest first, one entry per request

    def trim(self, now: float) -> None:
        horizon = now - self.seconds
        times = self.times
        while times and times[0] <= horizon:
            times.popleft()


class MemoryLimiter:
    def __init__(self, sweep_every: float = _SWEEP_EVERY) -> None:
        self._keys: dict[str, _Hits] = {}
        self._sweep_every = sweep_every
        self._next_sweep = time.monotonic() + sweep_every

    async def hit(self, key: str, limit: int, seconds: int, cost: int = 1) -> Window:
        # No await inside: concurrent hits of one key are counted one after the other.
        now = time.time()
        hits = self._keys.get(key)
        if hits is None or hits.seconds != seconds:
            # A new window length (an operator changed the client's) counts afresh, as it did
            # with ``limits``, whose keys carried the window.
            hits = self._keys[key] = _Hits(seconds)
        hits.trim(now)
        count = len(hits.times)
        if cost == 0:
            allowed = count < limit
        else:
            allowed = count + cost <= limit
            if allowed:
                hits.times.extend([now] * cost)
                count += cost
        self._sweep_now_and_then()
        oldest = hits.times[0] if hits.times else now
        return Window(allowed, limit, limit - count, oldest + seconds, seconds)

    def _sweep_now_and_then(self) -> None:
        if time.monotonic() < self._next_sweep:
            return
        self._next_sweep = time.monotonic() + self._sweep_every
        now = time.time()
        for key in [key for key, hits in self._keys.items() if _empty_at(hits, now)]:
            del self._keys[key]

    def keys_held(self) -> int:
        """How many keys hold a window (for the tests of the sweep)."""
        return len(self._keys)

    async def close(self) -> None:
        self._keys.clear()


def _empty_at(hits: _Hits, now: float) -> bool:
    return not hits.times or hits.times[-1] <= now - hits.seconds
