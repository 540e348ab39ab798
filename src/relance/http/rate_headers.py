"""Where a request keeps its rate-limit window: ``http.edge`` adds its X-RateLimit-* headers to
every answer of a request the limiter counted (SPEC 7), successes, refusals and errors alike."""

from __future__ import annotations

from starlette.types import Scope

from relance.ratelimit.window import Window

# Where the access rule leaves the request's window (``scope["state"]``, as request.state).
WINDOW_KEY = "relance.rate_window"


def remember(scope: Scope, window: Window) -> None:
    scope.setdefault("state", {})[WINDOW_KEY] = window
