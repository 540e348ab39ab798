"""The limiter's own Redis connection, against real Redis servers on loopback."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
import uvloop

from relance.ratelimit.resp import RedisAddress, RedisConnection, RedisError, Script
from tests.ratelimit.helpers import REDIS_URL, unique


@pytest.fixture
async def redis() -> AsyncIterator[RedisConnection]:
    connection = RedisConnection(REDIS_URL, timeout=1.0)
    yield connection
    await connection.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_urls_name_host_port_database_and_credentials() -> None:
    assert RedisAddress.parse("redis://cache.internal:6380/2") == RedisAddress(
        "cache.internal", 6380, 2, None, None, tls=False
    )
    assert RedisAddress.parse("rediss://bob:s%40cret@10.0.0.5") == RedisAddress(
        "10.0.0.5", 6379, 0, "bob", "s@cret", tls=True
    )
    assert RedisAddress.parse("redis://:pw@localhost/").password == "pw"
    with pytest.raises(ValueError, match="redis://"):
        RedisAddress.parse("http://localhost:6379")


def test_it_runs_on_uvloop_as_relance_serve_does() -> None:
    async def roundtrip() -> list[Any]:
        connection = RedisConnection(REDIS_URL, timeout=1.0)
        try:
            return await asyncio.gather(*(connection.command("PING") for _ in range(3)))
        finally:
            await connection.close()

    assert uvloop.run(roundtrip()) == [b"PONG"] * 3


async def test_concurrent_commands_get_their_own_replies(redis: RedisConnection) -> None:
    key = unique("resp")
    replies = await asyncio.gather(*(redis.command("INCR", key) for _ in range(200)))
    assert sorted(replies) == list(range(1, 201))
    assert await redis.command("GET", key) == b"200"
    await redis.command("DEL", key)


async def test_an_error_reply_fails_only_its_command(redis: RedisConnection) -> None:
    key = unique("resp")
    await redis.command("SET", key, "text")
    with pytest.raises(RedisError, match="not an integer"):
        await redis.command("INCR", key)
    assert await redis.command("GET", key) == b"text"
    await redis.command("DEL", key)


async def test_a_script_unknown_to_redis_is_sent_whole_then_run_by_its_digest(
    redis: RedisConnection,
) -> None:
    script = Script(redis, "return {KEYS[1], ARGV[1]} -- " + unique("script"))
    assert await script(keys=["k"], args=["v"]) == [b"k", b"v"]  # EVAL: Redis loads it
    assert await script(keys=["k2"], args=[3]) == [b"k2", b"3"]  # EVALSHA now
    await redis.command("SCRIPT", "FLUSH")
    assert await script(keys=["k3"], args=["x"]) == [b"k3", b"x"]


async def test_a_dropped_connection_is_opened_again_on_the_next_command(
    redis: RedisConnection,
) -> None:
    await redis.command("CLIENT", "SETNAME", unique("resp"))
    own_id = await redis.command("CLIENT", "ID")
    killer = RedisConnection(REDIS_URL, timeout=1.0)
    assert await killer.command("CLIENT", "KILL", "ID", own_id) == 1
    await killer.close()
    for _ in range(100):  # until the close reaches this side
        try:
            await redis.command("PING")
        except RedisError:
            break
        await asyncio.sleep(0.01)
    assert await redis.command("PING") == b"PONG"
    assert await redis.command("CLIENT", "GETNAME") is None  # a new connection


async def test_unreachable_and_silent_servers_fail_within_the_timeout() -> None:
    unreachable = RedisConnection(f"redis://127.0.0.1:{_free_port()}/0", timeout=0.5)
    with pytest.raises(RedisError, match="cannot reach"):
        await unreachable.command("PING")
    with socket.socket() as silent:  # accepts, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        connection = RedisConnection(f"redis://127.0.0.1:{silent.getsockname()[1]}/0", 0.2)
        started = time.monotonic()
        with pytest.raises(RedisError, match="in time"):
            await connection.command("PING")
        assert time.monotonic() - started < 2
        await connection.close()


@pytest.fixture
def password_redis() -> Iterator[str]:
    binary = shutil.which("redis-server")
    assert binary is not None, "redis-server is installed by .ci/run"
    port = _free_port()
    server = subprocess.Popen(
        [
            *(binary, "--port", str(port), "--bind", "127.0.0.1"),
            *("--requirepass", "pw-for-tests", "--save", "", "--appendonly", "no"),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://:pw-for-tests@127.0.0.1:{port}/3"
    finally:
        server.terminate()
        server.wait(timeout=10)


async def test_password_and_database_are_sent_when_connecting(password_redis: str) -> None:
    connection = RedisConnection(password_redis, timeout=1.0)
    try:
        await connection.command("SET", "where", "db3")
        assert await connection.command("GET", "where") == b"db3"
        assert await connection.command("CLIENT", "INFO")  # authenticated
        wrong = RedisConnection(password_redis.replace("pw-for-tests", "nope"), timeout=1.0)
        with pytest.raises(RedisError):
            await wrong.command("PING")
        await wrong.close()
    finally:
        await connection.close()
    other_db = RedisConnection(password_redis.removesuffix("/3") + "/0", timeout=1.0)
    try:
        assert await other_db.command("GET", "where") is None
    finally:
        await other_db.close()
