"""OpenAPI descriptions of the webhook routes: the hand-parsed bodies and the refusals."""

from __future__ import annotations

from typing import Any

from relance.followups.openapi import errors
from relance.webhooks.inputs import EVENT_TYPES

_PROPERTIES: dict[str, Any] = {
    "url": {"type": "string", "format": "uri", "maxLength": 2048, "description": "https:// only"},
    "events": {
        "type": "array",
        "minItems": 1,
        "items": {"type": "string", "enum": [*EVENT_TYPES, "*"]},
        "description": 'Event types, or ["*"] for every one',
    },
    "description": {"type": ["string", "null"], "maxLength": 500},
    "enabled": {"type": "boolean", "default": True},
}


def body(required: tuple[str, ...]) -> dict[str, Any]:
    schema = {"type": "object", "properties": _PROPERTIES, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


CREATE_BODY = body(("url", "events"))
UPDATE_BODY = body(())
WRITE_ERRORS = errors(400, 401, 403, 415)
BY_ID_ERRORS = errors(401, 403, 404)
