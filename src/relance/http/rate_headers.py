"""Adds the X-RateLimit-* headers to every answer of a request the limiter counted (SPEC 7):
successes, refusals and errors alike, so one place serves them all."""

from __future__ import annotations

from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relance.ratelimit.window import Window

# Where the access rule leaves the request's window (``scope["state"]``, as request.state).
WINDOW_KEY = "relance.rate_window"


def remember(scope: Scope, window: Window) -> None:
    scope.setdefault("state", {})[WINDOW_KEY] = window


class RateLimitHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                window: Any = scope.get("state", {}).get(WINDOW_KEY)
                if window is not None:
                    message["headers"] = [*message.get("headers", ()), *window.headers()]
            await send(message)

        await self.app(scope, receive, send_with_headers)
