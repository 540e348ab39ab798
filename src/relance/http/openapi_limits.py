"""Documents SPEC 7 and 9 in the OpenAPI document: every bearer-authenticated operation (its
access rule names a scope) may answer 429 and carries the X-RateLimit-* headers; every POST
among them takes an Idempotency-Key and may answer 422 for a reused one, and a replay says so
in a header. (The /token throttle is auth's own answer, in auth/openapi.py.)"""

from __future__ import annotations

from typing import Any

from relance.http.idempotent import REPLAYED_HEADER
from relance.idempotency.keys import HEADER as IDEMPOTENCY_HEADER
from relance.idempotency.keys import INVALID_KEY

_RATE_HEADERS: dict[str, Any] = {
    "X-RateLimit-Limit": {
        "description": "Requests allowed per window",
        "schema": {"type": "integer"},
    },
    "X-RateLimit-Remaining": {
        "description": "Requests left in the current window",
        "schema": {"type": "integer"},
    },
    "X-RateLimit-Reset": {
        "description": "Unix time when the oldest counted request leaves the window",
        "schema": {"type": "integer"},
    },
    "X-RateLimit-Window": {"description": "The window, in seconds", "schema": {"type": "integer"}},
}
# The SPEC envelope, as http.openapi declares it (not imported: that module imports this one).
_ENVELOPE = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}
_TOO_MANY = {
    "description": "Rate limit exceeded (details: retry_after, limit, reset_time); nothing written",
    "content": _ENVELOPE,
    "headers": {
        "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}},
        **_RATE_HEADERS,
    },
}
_KEY_PARAMETER = {
    "name": IDEMPOTENCY_HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Makes a retry safe: within 24 h the same key (per company) with the same body answers "
        f"the first response with `{REPLAYED_HEADER}: true`, and does nothing. "
        f"{INVALID_KEY}."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
}
_BAD_KEY = {
    "description": f"Validation failed: the {IDEMPOTENCY_HEADER} header. {INVALID_KEY}",
    "content": _ENVELOPE,
}
_REUSED = {
    "description": "Idempotency-Key reused with a different request body",
    "content": _ENVELOPE,
}


def add_limits_and_keys(operation: dict[str, Any], method: str) -> None:
    """Completes one bearer-authenticated operation."""
    responses = operation.setdefault("responses", {})
    for response in responses.values():
        response.setdefault("headers", {}).update(_RATE_HEADERS)
    responses["429"] = _TOO_MANY
    if method != "post":
        return
    operation.setdefault("parameters", []).append(_KEY_PARAMETER)
    responses["422"] = _REUSED
    responses.setdefault("400", _BAD_KEY)  # a body-less POST refuses only its key
    for status, response in responses.items():
        if status.startswith("2"):
            response["headers"][REPLAYED_HEADER] = {
                "description": "true when this answer is a replay",
                "schema": {"type": "string", "enum": ["true"]},
            }
