"""Both limiters keep the same moving window: the in-process one and the batched Redis one,
against a real Redis."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from relance.ratelimit.memory import MemoryLimiter
from relance.ratelimit.redis_window import RedisLimiter
from relance.ratelimit.resp import RedisConnection
from relance.ratelimit.window import Limiter
from tests.ratelimit.helpers import REDIS_URL, unique


@pytest.fixture(params=["memory", "redis"])
async def limiter(request: pytest.FixtureRequest) -> AsyncIterator[Limiter]:
    chosen: Limiter = MemoryLimiter() if request.param == "memory" else RedisLimiter(REDIS_URL)
    yield chosen
    await chosen.close()


async def test_counts_down_to_the_limit_then_refuses_without_counting(limiter: Limiter) -> None:
    key = unique("count")
    before = time.time()
    windows = [await limiter.hit(key, 3, 60) for _ in range(4)]
    assert [w.allowed for w in windows] == [True, True, True, False]
    assert [w.remaining for w in windows] == [2, 1, 0, 0]
    assert all(w.limit == 3 and w.seconds == 60 for w in windows)
    # The oldest request leaves the window a minute after it was counted.
    assert before + 59 <= windows[-1].reset_at <= time.time() + 61


async def test_a_look_counts_nothing(limiter: Limiter) -> None:
    key = unique("look")
    assert (await limiter.hit(key, 2, 60, cost=0)).allowed
    await limiter.hit(key, 2, 60)
    looked = await limiter.hit(key, 2, 60, cost=0)
    assert looked.allowed
    assert looked.remaining == 1
    await limiter.hit(key, 2, 60)
    assert not (await limiter.hit(key, 2, 60, cost=0)).allowed


async def test_keys_have_their_own_windows(limiter: Limiter) -> None:
    first, second = unique("a"), unique("b")
    await limiter.hit(first, 1, 60)
    assert not (await limiter.hit(first, 1, 60)).allowed
    assert (await limiter.hit(second, 1, 60)).allowed


async def test_concurrent_hits_are_counted_exactly(limiter: Limiter) -> None:
    key = unique("concurrent")
    windows = await asyncio.gather(*(limiter.hit(key, 40, 60) for _ in range(100)))
    assert sum(w.allowed for w in windows) == 40
    assert min(w.remaining for w in windows) == 0


async def test_the_window_moves(limiter: Limiter) -> None:
    key = unique("moves")
    for _ in range(2):
        await limiter.hit(key, 2, 1)
    assert not (await limiter.hit(key, 2, 1)).allowed
    await asyncio.sleep(1.2)  # the two counted requests have left the one-second window
    assert (await limiter.hit(key, 2, 1)).allowed


async def test_redis_hits_waiting_together_share_one_round_trip() -> None:
    limiter = RedisLimiter(REDIS_URL)
    key = unique("batch")
    try:
        await limiter.hit(key, 100, 60)  # opens the connection
        connection = limiter._connection
        sent: list[tuple[Any, ...]] = []
        original = connection.send_now

        def counting(*args: Any) -> Any:
            sent.append(args)
            return original(*args)

        connection.send_now = counting  # type: ignore[method-assign]
        windows = await asyncio.gather(*(limiter.hit(key, 100, 60) for _ in range(50)))
    finally:
        await limiter.close()
    assert len(sent) == 1
    assert sent[0][0] == "EVALSHA"
    assert sorted(window.remaining for window in windows) == list(range(49, 99))


async def test_the_redis_limiter_sends_its_script_again_after_redis_forgot_it() -> None:
    limiter = RedisLimiter(REDIS_URL)
    key = unique("flushed")
    admin = RedisConnection(REDIS_URL, timeout=1.0)
    try:
        await limiter.hit(key, 5, 60)
        await admin.command("SCRIPT", "FLUSH")  # as a Redis restart would
        assert (await limiter.hit(key, 5, 60)).remaining == 3
        assert (await limiter.hit(key, 5, 60)).remaining == 2
    finally:
        await admin.close()
        await limiter.close()


async def test_the_memory_limiter_forgets_keys_whose_window_emptied() -> None:
    limiter = MemoryLimiter(sweep_every=0)
    for name in ("gone-1", "gone-2", "gone-3"):
        await limiter.hit(unique(name), 5, 1)
    kept = unique("kept")
    await limiter.hit(kept, 5, 60)
    assert limiter.keys_held() == 4
    await asyncio.sleep(1.1)
    window = await limiter.hit(kept, 5, 60)  # any hit sweeps (here: every time)
    assert limiter.keys_held() == 1
    assert window.remaining == 3  # the kept key's two hits are still counted
