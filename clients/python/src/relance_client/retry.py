"""When a failed request is tried again, and after how long. Pure decisions, no I/O."""

from __future__ import annotations

import random
from dataclasses import dataclass

import httpx

from relance_client.rate_limit import parse_retry_after

__all__ = ["RetryPolicy"]

# Transient answers: a 501 or a 505 will not get better by asking again.
_RETRYABLE_5XX = frozenset({500, 502, 503, 504})
_REPLAYABLE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with full jitter (a random wait between 0 and the attempt's ceiling).

    Attributes:
        max_retries: how many times a request is tried again after the first attempt.
        backoff: the ceiling of the first wait, in seconds; it doubles at every attempt.
        max_backoff: the highest ceiling, in seconds.
        max_retry_after: a ``Retry-After`` longer than this (seconds) is not waited for: the
            error is raised at once so the caller decides.

    What is retried:

    - 429, for every method: the API writes nothing when it refuses over the limit (SPEC 7).
      The wait is the server's ``Retry-After`` (never less), else the backoff.
    - 500, 502, 503, 504 and a broken or timed-out connection, only for a request that may be
      replayed: GET, HEAD, OPTIONS, PUT, DELETE, and a POST carrying an ``Idempotency-Key``
      (the SDK sets one on every POST unless told not to; the server then replays instead of
      acting twice). A ``Retry-After`` on a 503 is honoured too.
    - A connection that could not be opened, for every method: nothing was sent.
    """

    max_retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def delay(
        self, retries_done: int, request: httpx.Request, outcome: httpx.Response | Exception
    ) -> float | None:
        """Seconds to wait before trying ``request`` again, or None to stop here."""
        if retries_done >= self.max_retries:
            return None
        if isinstance(outcome, httpx.Response):
            return self._after_answer(retries_done, request, outcome)
        if isinstance(outcome, httpx.ConnectError | httpx.ConnectTimeout):
            return self.jittered(retries_done)
        if isinstance(outcome, httpx.TransportError) and may_replay(request):
            return self.jittered(retries_done)
        return None

    def jittered(self, retries_done: int) -> float:
        """A random wait in [0, ceiling], the ceiling doubling per attempt (full jitter: many
        clients failing at once spread out instead of coming back in step)."""
        ceiling = min(self.max_backoff, self.backoff * 2**retries_done)
        return random.uniform(0, ceiling)

    def _after_answer(
        self, retries_done: int, request: httpx.Request, response: httpx.Response
    ) -> float | None:
        status = response.status_code
        if status != 429 and not (status in _RETRYABLE_5XX and may_replay(request)):
            return None
        retry_after = parse_retry_after(response.headers.get("retry-after"))
        if retry_after is None:
            return self.jittered(retries_done)
        if retry_after > self.max_retry_after:
            return None
        return retry_after


def may_replay(request: httpx.Request) -> bool:
    """True when sending ``request`` twice cannot act twice."""
    return request.method in _REPLAYABLE_METHODS or "idempotency-key" in request.headers
