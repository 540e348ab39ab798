"""The shared limiter for several nodes: moving windows in Redis, hits of concurrent requests
sent together.

Why not the ``limits`` library here (it serves the in-process case): its Redis moving window
costs two round trips per request (hit, then the counts the headers need), measured at about
170 µs of CPU each on this machine, over 10 % of a list request's budget. This script does both
in one call, for every hit waiting in the event loop at once: under load one round trip serves
many requests, sent on relance's own pipelined connection (``ratelimit.resp``). The window is
the same: a sorted set of request times per key, trimmed to the
last ``seconds``, timed by the Redis server's clock so every node counts alike.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Coroutine, Sequence
from functools import partial
from typing import Any

from relance.ratelimit.resp import RedisConnection, RedisError, Script, unknown_script
from relance.ratelimit.window import Window

# KEYS: one per hit. ARGV: a member prefix, then limit, window ms, cost for each key.
# Returns per key {allowed, count, oldest ms, now ms}.
_SCRIPT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local prefix = ARGV[1]
local out = {}
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[i * 3 - 1])
  local window = tonumber(ARGV[i * 3])
  local cost = tonumber(ARGV[i * 3 + 1])
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
  local count = redis.call('ZCARD', key)
  local allowed = 0
  if cost == 0 then
    if count < limit then allowed = 1 end
  elseif count + cost <= limit then
    for j = 1, cost do
      redis.call('ZADD', key, now, prefix .. now .. ':' .. i .. ':' .. j)
    end
    redis.call('PEXPIRE', key, window)
    count = count + cost
    allowed = 1
  end
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')[2] or now
  out[i] = {allowed, count, tonumber(oldest), now}
end
return out
"""
_MAX_BATCH = 256
_KEY_PREFIX = "relance:rl:"

_Hit = tuple[str, int, int, int]
_Batch = Sequence[tuple[_Hit, "asyncio.Future[Window]"]]


class RedisLimiter:
    def __init__(self, url: str, timeout: float = 0.25) -> None:
        self._connection = RedisConnection(url, timeout)
        self._script = Script(self._connection, _SCRIPT)
        # Unique per process: two hits in one millisecond on two nodes stay two members.
        self._member_prefix = secrets.token_hex(6) + ":"
        self._sequence = 0
        self._pending: list[tuple[_Hit, asyncio.Future[Window]]] = []
        self._in_flight: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None

    async def hit(self, key: str, limit: int, seconds: int, cost: int = 1) -> Window:
        loop = self._loop
        if loop is None or loop.is_closed():
            # Once: asyncio.get_running_loop() is a getpid() system call on Python 3.11. The
            # limiter lives in one loop, as its Redis connection does.
            loop = self._loop = asyncio.get_running_loop()
        future: asyncio.Future[Window] = loop.create_future()
        self._pending.append(((key, limit, seconds, cost), future))
        if len(self._pending) == 1:
            # Sent once the requests already runnable in this turn of the loop added theirs.
            loop.call_soon(self._flush)
        return await future

    def _flush(self) -> None:
        while self._pending:
            batch, self._pending = self._pending[:_MAX_BATCH], self._pending[_MAX_BATCH:]
            self._sequence += 1
            args: list[Any] = [f"{self._member_prefix}{self._sequence}:"]
            for (_key, limit, seconds, cost), _future in batch:
                args += [limit, seconds * 1000, cost]
            keys = [_KEY_PREFIX + hit[0] for hit, _future in batch]
            # On an open connection the script goes out now and its reply settles the batch in
            # a callback (no task per batch); otherwise a task connects first.
            reply = self._script.send_now(keys, args)
            if reply is None:
                self._spawn(self._send(batch, keys, args))
            else:
                reply.add_done_callback(partial(self._replied, batch, keys, args))

    def _replied(
        self, batch: _Batch, keys: list[str], args: list[Any], reply: asyncio.Future[Any]
    ) -> None:
        error = RedisError("cancelled") if reply.cancelled() else reply.exception()
        if error is None:
            _settle(batch, reply.result())
        elif unknown_script(error):  # Redis lost the script (a restart, SCRIPT FLUSH)
            self._spawn(self._send(batch, keys, args))
        else:
            _settle(batch, error)

    async def _send(self, batch: _Batch, keys: list[str], args: list[Any]) -> None:
        try:
            results = await self._script(keys=keys, args=args)
        except Exception as error:
            _settle(batch, error)
            return
        _settle(batch, results)

    def _spawn(self, sending: Coroutine[Any, Any, None]) -> None:
        task = asyncio.ensure_future(sending)
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)

    async def close(self) -> None:
        await self._connection.close()


def _settle(batch: _Batch, outcome: Sequence[Sequence[int]] | BaseException) -> None:
    """Every waiting request learns its window, or the error (the guard then fails open)."""
    if isinstance(outcome, BaseException):
        for _hit, future in batch:
            if not future.done():
                future.set_exception(outcome)
        return
    for ((_key, limit, seconds, _cost), future), result in zip(batch, outcome, strict=True):
        if not future.done():
            future.set_result(_window(result, limit, seconds))


def _window(result: Sequence[int], limit: int, seconds: int) -> Window:
    allowed, count, oldest_ms, now_ms = map(int, result)
    first_ms = oldest_ms if count else now_ms
    return Window(bool(allowed), limit, limit - count, (first_ms + seconds * 1000) / 1000, seconds)
