"""Reading request bodies: 415 for a non-JSON content type, 413 past the size limit, 400 for
anything that is not a JSON object the input policy accepts.

The size limit (``RELANCE_MAX_BODY_BYTES``) is enforced while the stream is read: a declared
``Content-Length`` above it is refused before a byte is read, and a chunked body is refused at
the chunk that crosses it, so a client can never make the process hold more than the limit.

Two parsers: orjson (the fast one) and ``loads_exact`` for bodies carrying money, where JSON
numbers are read as exact Decimals from their text: orjson turns ``0.1`` into a binary float,
after which ``12345678901234567.89`` or ``10.005`` cannot be told from a nearby value, while
``json.loads(parse_float=Decimal)`` keeps the digits the client sent, so an amount is refused
rather than rounded. Those bodies are small and written rarely, so the slower parser costs
nothing that matters. Either way the parsed object then passes ``kit.json_policy``, except
for a batch (``read_exact_json_rows``), whose rows the domain checks one by one so that one
bad row never loses the good ones.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import orjson
from fastapi import Request
from starlette.requests import ClientDisconnect

from relance.http.request_headers import header_value
from relance.kit.errors import InvalidJson, PayloadTooLarge, UnsupportedMediaType
from relance.kit.json_policy import check_json_policy
from relance.state import get_state

BodyParser = Callable[[bytes], Any]


def is_json_content_type(content_type: str | None) -> bool:
    if not content_type:
        return False
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or media_type.endswith("+json")


# Each reader awaits the body itself and parses it in a plain function: a coroutine between
# them was one more frame to create and step through on every write (issue 19).
async def read_json_object(request: Request) -> dict[str, Any]:
    raw = await read_limited(request, _json_body_limit(request))
    return _parsed_object(raw, orjson.loads, orjson.JSONDecodeError)


# RecursionError: json.loads on nesting deeper than the interpreter's stack;
# ValueError: bad syntax, NaN/Infinity, an integer of more than 4,300 digits.
_EXACT_REFUSED = (ValueError, RecursionError)


async def read_exact_json_object(request: Request) -> dict[str, Any]:
    raw = await read_limited(request, _json_body_limit(request))
    return _parsed_object(raw, loads_exact, _EXACT_REFUSED)


async def read_exact_json_rows(request: Request) -> dict[str, Any]:
    raw = await read_limited(request, _json_body_limit(request))
    return _parsed_object(raw, loads_exact, _EXACT_REFUSED, policy=False)


def loads_exact(raw: bytes | str) -> Any:
    return json.loads(raw, parse_float=Decimal, parse_constant=_reject_constant)


def _reject_constant(_name: str) -> Any:
    raise ValueError("NaN and Infinity are not JSON")


async def read_limited(request: Request, max_bytes: int) -> bytes:
    """The whole body, or 413 as soon as it is known to exceed ``max_bytes``. Reads the ASGI
    messages itself (Starlette's ``stream()`` is an async generator: several frames and
    steps per request for what is nearly always one message); the stream is consumed."""
    declared = header_value(request, b"content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise PayloadTooLarge(_too_large(max_bytes))
    receive = request.receive
    chunks: list[bytes] = []
    received = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise ClientDisconnect()
        chunk: bytes = message.get("body", b"")
        received += len(chunk)
        if received > max_bytes:
            raise PayloadTooLarge(_too_large(max_bytes))
        chunks.append(chunk)
        if not message.get("more_body", False):
            return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _too_large(max_bytes: int) -> str:
    return f"Request body is larger than {max_bytes} bytes"


def _json_body_limit(request: Request) -> int:
    """The body's size limit, once its Content-Type says JSON (else 415, nothing read)."""
    if not is_json_content_type(header_value(request, b"content-type")):
        raise UnsupportedMediaType()
    return get_state(request).body_limit


def _parsed_object(
    raw: bytes,
    loads: BodyParser,
    refused: type[Exception] | tuple[type[Exception], ...],
    policy: bool = True,
) -> dict[str, Any]:
    try:
        payload = loads(raw)
    except refused:
        raise InvalidJson() from None
    if not isinstance(payload, dict):
        raise InvalidJson()
    if policy:
        check_json_policy(payload, raw)
    return payload
