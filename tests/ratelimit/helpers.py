"""Helpers of the rate-limit tests: the Redis they share, and reading the headers."""

from __future__ import annotations

import os
import uuid

import httpx

REDIS_URL = os.environ.get("RELANCE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
FOLLOWUPS = "/external-api/v1/followups"
HEADERS = ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-window")


def unique(prefix: str) -> str:
    """A key no other test (nor another checkout's run) shares."""
    return f"test:{prefix}:{uuid.uuid4().hex}"


def rate(response: httpx.Response) -> tuple[int, int, int]:
    """(limit, remaining, window) of an answer, which must carry all four headers."""
    assert all(name in response.headers for name in HEADERS), dict(response.headers)
    headers = response.headers
    return (
        int(headers["x-ratelimit-limit"]),
        int(headers["x-ratelimit-remaining"]),
        int(headers["x-ratelimit-window"]),
    )
