"""The retry schedule (SPEC 8): exponential backoff with jitter for 24 hours, then exhausted.

After the n-th failed attempt the next one waits ``base * 2**(n-1)`` seconds, capped at ``cap``,
times a random factor in [0.75, 1.25) so that deliveries failing together do not come back
together. With the defaults (base 30 s, cap 2 h) the waits are about 30 s, 1, 2, 4, 8, 16 and
32 min, 64 min, then every 2 h: about 17 attempts in the 24 hours after the event was queued.
An attempt that would come later than 24 h after the delivery was created is not made: the
delivery is ``exhausted`` (a replay can still send it).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class RetrySchedule:
    base: float
    cap: float
    window: float
    rng: random.Random = random.Random()  # noqa: RUF009 - one shared generator is the point

    def next_attempt(
        self, failed_attempts: int, created_at: datetime, now: datetime
    ) -> datetime | None:
        """When to try again after ``failed_attempts`` failures; None when the window is over."""
        delay = min(self.cap, self.base * 2 ** (failed_attempts - 1))
        at = now + timedelta(seconds=delay * self.rng.uniform(0.75, 1.25))
        return None if at > created_at + timedelta(seconds=self.window) else at
