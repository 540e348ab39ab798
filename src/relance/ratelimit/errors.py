"""429 Rate limit exceeded (SPEC 7)."""

from __future__ import annotations

from datetime import UTC, datetime

from relance.kit.errors import ApiError
from relance.ratelimit.window import Window


class RateLimited(ApiError):
    status = 429
    message = "Rate limit exceeded"

    def __init__(self, window: Window, now: float) -> None:
        retry_after = window.retry_after(now)
        reset_time = datetime.fromtimestamp(window.reset_at, UTC).replace(microsecond=0)
        super().__init__(
            details={
                "retry_after": retry_after,
                "limit": window.limit,
                "reset_time": reset_time.isoformat(),
            },
            headers={"Retry-After": str(retry_after)},
        )
