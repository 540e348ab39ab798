"""What every request leaves behind: its request id, its access line, its metrics.

``http.edge`` (relance's one ASGI layer) gives each request its id (an incoming
``X-Request-ID`` when plain, else a new one), sends it back, and calls ``record`` once the
answer has gone. Measured cost: docs/decisions.md.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from starlette.types import Scope

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


def incoming_id(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == REQUEST_ID_HEADER:
            return value.decode("ascii") if _SANE_ID.fullmatch(value) else None
    return None


def record(
    scope: Scope, request_id: str, status: int, duration: float, template: str | None = None
) -> None:
    """Counts the request under its route template (``template``, when the caller knows it
    already) and writes its access line."""
    method: str = scope["method"] if scope["method"] in _METHODS else "OTHER"
    route = template or route_template(scope)
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
            # To the microsecond, without round(x, 3): it goes through float formatting.
            "duration_ms": int(duration * 1_000_000 + 0.5) / 1000,
            "client_id": client_id,
            "company_id": company,
        }
        access_logger.handle(_access_record(fields))


# Made at the first access line, not at import: the record must reflect the logging switches
# create_app sets (skip_unused_record_fields) before any request is served.
_record_template: dict[str, Any] = {}
_LOGGING_STARTED: float = logging._startTime  # type: ignore[attr-defined]


def _access_record(fields: dict[str, Any]) -> logging.LogRecord:
    """The LogRecord ``access_logger.info("request", extra={"fields": fields})`` makes, without
    its per-record lookups: everything but the time and the fields is the same on every access
    line, so it is copied from one record made the standard way (whatever attributes this
    Python's LogRecord has). ``Logger.info`` spent two thirds of its cost building the record
    (file name and module split from the path, level name, thread and process lookups);
    ``handle`` still runs the logger's filters and handlers (issue 19)."""
    if not _record_template:
        made = access_logger.makeRecord(
            access_logger.name,
            logging.INFO,
            "(unknown file)",
            0,
            "request",
            (),
            None,
            "(unknown function)",
        )
        _record_template.update(vars(made))
    record = logging.LogRecord.__new__(logging.LogRecord)
    vars(record).update(_record_template)
    created = time.time()
    record.created = created
    record.msecs = int((created - int(created)) * 1000) + 0.0
    record.relativeCreated = (created - _LOGGING_STARTED) * 1000
    record.fields = fields
    return record
