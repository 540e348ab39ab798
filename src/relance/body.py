"""Reading JSON request bodies: 415 for a non-JSON content type, 400 for anything not an object."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import Request

from relance.errors import InvalidJson, UnsupportedMediaType


def is_json_content_type(content_type: str | None) -> bool:
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


async def read_json_object(request: Request) -> dict[str, Any]:
    if not is_json_content_type(request.headers.get("content-type")):
        raise UnsupportedMediaType()
    raw = await request.body()
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise InvalidJson() from None
    if not isinstance(payload, dict):
        raise InvalidJson()
    return payload
