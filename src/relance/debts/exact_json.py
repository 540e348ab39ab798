"""Request bodies carrying money: JSON numbers are read as exact Decimals from their text.

orjson (relance.body) turns ``0.1`` into a binary float, after which ``12345678901234567.89``
or ``10.005`` cannot be told from a nearby value; ``json.loads(parse_float=Decimal)`` keeps the
digits the client sent, so an amount is refused rather than rounded. These bodies are small and
written rarely, so the slower parser costs nothing that matters.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from fastapi import Request

from relance.body import is_json_content_type
from relance.errors import InvalidJson, UnsupportedMediaType


def _reject_constant(_name: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


def loads_exact(raw: bytes | str) -> Any:
    return json.loads(raw, parse_float=Decimal, parse_constant=_reject_constant)


async def read_exact_json_object(request: Request) -> dict[str, Any]:
    """415 for a non-JSON content type, 400 ``Invalid JSON payload`` unless a JSON object."""
    if not is_json_content_type(request.headers.get("content-type")):
        raise UnsupportedMediaType()
    raw = await request.body()
    try:
        payload = loads_exact(raw)
    except (ValueError, RecursionError):
        raise InvalidJson() from None
    if not isinstance(payload, dict):
        raise InvalidJson()
    return payload
