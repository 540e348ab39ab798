"""Reading request bodies: 415 for a non-JSON content type, 400 for anything not a JSON object.

Two readers: ``read_json_object`` (orjson, the fast one) and ``read_exact_json_object`` for
bodies carrying money, where JSON numbers are read as exact Decimals from their text: orjson
turns ``0.1`` into a binary float, after which ``12345678901234567.89`` or ``10.005`` cannot be
told from a nearby value, while ``json.loads(parse_float=Decimal)`` keeps the digits the client
sent, so an amount is refused rather than rounded. Those bodies are small and written rarely,
so the slower parser costs nothing that matters.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import orjson
from fastapi import Request

from relance.kit.errors import InvalidJson, UnsupportedMediaType


def is_json_content_type(content_type: str | None) -> bool:
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


async def read_json_object(request: Request) -> dict[str, Any]:
    return await _read_object(request, orjson.loads, orjson.JSONDecodeError)


async def read_exact_json_object(request: Request) -> dict[str, Any]:
    return await _read_object(request, loads_exact, (ValueError, RecursionError))


def loads_exact(raw: bytes | str) -> Any:
    return json.loads(raw, parse_float=Decimal, parse_constant=_reject_constant)


def _reject_constant(_name: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


async def _read_object(
    request: Request,
    loads: Callable[[bytes], Any],
    refused: type[Exception] | tuple[type[Exception], ...],
) -> dict[str, Any]:
    if not is_json_content_type(request.headers.get("content-type")):
        raise UnsupportedMediaType()
    raw = await request.body()
    try:
        payload = loads(raw)
    except refused:
        raise InvalidJson() from None
    if not isinstance(payload, dict):
        raise InvalidJson()
    return payload
