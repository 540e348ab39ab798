"""One ASGI middleware on every request: its request id, its access line, its metrics.

Pure ASGI (no BaseHTTPMiddleware, whose task and stream per request cost a tenth of a small
request): it wraps ``send`` to learn the status and add ``X-Request-ID``, and does the rest
once the answer has gone. Measured cost: docs/decisions.md.
"""

from __future__ import annotations

import logging
import os
import re
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relance.kit.actors import act_as_default, stop_acting
from relance.observe.logs import REQUEST_ID
from relance.observe.metrics import LATENCY, REQUESTS

# Where the access rule leaves who called (client id, public company id), as request.state.
CALLER_KEY = "relance.caller"
REQUEST_ID_HEADER = b"x-request-id"
# An incoming id is kept when it is short and plain, so it cannot forge a log line or a header.
_SANE_ID = re.compile(rb"[A-Za-z0-9._:\-]{1,128}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "unmatched"  # one label for every path no route serves (no label per scanner probe)

access_logger = logging.getLogger("relance.access")
_children: dict[tuple[str, str, int], tuple[Any, Any]] = {}


def note_caller(scope: Scope, client_id: str, company: str) -> None:
    scope.setdefault("state", {})[CALLER_KEY] = (client_id, company)


def route_template(scope: Scope) -> str:
    """The matched route's template with its mount prefix ("/external-api/v1/debts/{debt_id}"):
    the route knows its own part, the prefix is what precedes that part in the path."""
    route = scope.get("route")
    template: str | None = getattr(route, "path_format", None)
    if template is None:
        return UNMATCHED
    path: str = scope["path"]
    params = scope.get("path_params") or {}
    try:
        rendered = template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):
        return template
    if path.endswith(rendered):
        return path[: len(path) - len(rendered)] + template
    return template


def _incoming_id(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == REQUEST_ID_HEADER:
            return value.decode("ascii") if _SANE_ID.fullmatch(value) else None
    return None


class ObserveRequests:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _incoming_id(scope["headers"]) or os.urandom(16).hex()
        token = REQUEST_ID.set(request_id)
        actor = act_as_default()
        header = (REQUEST_ID_HEADER, request_id.encode("ascii"))
        status = 500  # what the client gets when the app raises before answering

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            self._record(scope, request_id, status, time.perf_counter() - started)
            REQUEST_ID.reset(token)
            stop_acting(actor)

    def _record(self, scope: Scope, request_id: str, status: int, duration: float) -> None:
        method: str = scope["method"] if scope["method"] in _METHODS else "OTHER"
        route = route_template(scope)
        key = (route, method, status)
        children = _children.get(key)
        if children is None:  # prometheus-client's labels() takes a lock: look it up once
            children = (REQUESTS.labels(route, method, str(status)), LATENCY.labels(route, method))
            _children[key] = children
        children[0].inc()
        children[1].observe(duration)
        if access_logger.isEnabledFor(logging.INFO):
            client_id, company = scope.get("state", {}).get(CALLER_KEY, (None, None))
            fields = {
                "request_id": request_id,
                "method": method,
                "route": route,
                "status": status,
                "duration_ms": round(duration * 1000, 3),
                "client_id": client_id,
                "company_id": company,
            }
            access_logger.info("request", extra={"fields": fields})
