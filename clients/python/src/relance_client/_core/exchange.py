"""One logical call, retries included, as a generator of I/O steps (sans-IO).

The generator yields :class:`Send` (send this request, send me back the response or the
httpx.TransportError) and :class:`Sleep` (wait, send me back None), and returns the call's
result. The sync and async drivers only perform those two steps; every decision is made here,
once.
"""

from __future__ import annotations

import uuid
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from relance_client._core.answers import api_error, decoded_body
from relance_client._core.call import Answer, Call
from relance_client.errors import TransportError
from relance_client.rate_limit import RateLimitTracker
from relance_client.retry import RetryPolicy

T = TypeVar("T")

API_PREFIX = "/external-api/v1"
USER_AGENT = "relance-client-python/0.1.0"


@dataclass(frozen=True, slots=True)
class Send:
    request: httpx.Request


@dataclass(frozen=True, slots=True)
class Sleep:
    seconds: float


Step = Send | Sleep
Outcome = httpx.Response | httpx.TransportError | None


@dataclass(frozen=True, slots=True)
class ExchangeSettings:
    """What every call of one client shares."""

    base_url: str
    timeout: httpx.Timeout
    retry: RetryPolicy
    idempotency_keys: bool
    rate_limits: RateLimitTracker


def build_request(call: Call[Any], settings: ExchangeSettings) -> httpx.Request:
    headers = {"Accept": "application/json", "User-Agent": USER_AGENT, **call.headers}
    if call.content_type is not None:
        headers["Content-Type"] = call.content_type
    # One key per logical call, built before the first attempt: every retry carries the same,
    # so the server replays the first outcome instead of acting twice (SPEC 9).
    if call.method == "POST" and settings.idempotency_keys and "Idempotency-Key" not in headers:
        headers["Idempotency-Key"] = str(uuid.uuid4())
    return httpx.Request(
        call.method,
        settings.base_url + API_PREFIX + call.path,
        params=call.params,
        headers=headers,
        content=call.body,
        # A Request built by hand gets no client defaults; without this it would have no timeout.
        extensions={"timeout": settings.timeout.as_dict()},
    )


def exchange(call: Call[T], settings: ExchangeSettings) -> Generator[Step, Outcome, T]:
    request = build_request(call, settings)
    retries_done = 0
    while True:
        outcome = yield Send(request)
        assert outcome is not None, "a Send step is answered with its outcome"
        if isinstance(outcome, httpx.Response):
            settings.rate_limits.observe(outcome)
        delay = settings.retry.delay(retries_done, request, outcome)
        if delay is None:
            break
        yield Sleep(delay)
        retries_done += 1
    if isinstance(outcome, httpx.TransportError):
        raise TransportError(f"{type(outcome).__name__}: {outcome}") from outcome
    if outcome.status_code >= 400:
        raise api_error(outcome)
    return call.read(Answer(decoded_body(outcome), outcome.headers))
