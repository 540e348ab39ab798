"""Envelope helpers (SPEC 1) and the orjson encoding every response goes through."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import orjson
from starlette.responses import Response

# Datetimes are UTC-aware everywhere, so orjson writes them as "2024-01-22T10:30:00+00:00".
_OPTIONS = orjson.OPT_OMIT_MICROSECONDS


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(value: Any) -> bytes:
    return orjson.dumps(value, default=_default, option=_OPTIONS)


class JsonResponse(Response):
    """An API answer: JSON bytes, a status and a few headers of ours (an ETag, a Location),
    none of them Content-Length or Content-Type; built without Starlette's generic header pass,
    which every request paid for."""

    media_type = "application/json"

    def __init__(self, body: bytes, status: int, headers: Mapping[str, str] | None) -> None:
        self.status_code = status
        self.background = None
        self.body = body
        raw = (
            []
            if headers is None
            else [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        )
        raw += ((b"content-length", b"%d" % len(body)), _JSON_TYPE)
        self.raw_headers = raw


_JSON_TYPE = (b"content-type", b"application/json")


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return JsonResponse(dumps(body), status, headers)


def ok(
    data: Any, message: str = "Success", status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return json_response({"error": False, "message": message, "data": data}, status, headers)


def created(data: Any, message: str, headers: Mapping[str, str] | None = None) -> Response:
    return ok(data, message, 201, headers)


def page_count(total: int, limit: int) -> int:
    return math.ceil(total / limit) if total else 0


def page(
    rows: Sequence[Any],
    total: int,
    page_number: int,
    limit: int,
    next_cursor: str | None = None,
) -> Response:
    pagination = {
        "total": total,
        "page": page_number,
        "limit": limit,
        "pages": page_count(total, limit),
        "next_cursor": next_cursor,
    }
    return json_response({"error": False, "data": rows, "pagination": pagination})


def cursor_page(rows: Sequence[Any], limit: int, next_cursor: str | None) -> Response:
    return json_response(
        {"error": False, "data": rows, "pagination": {"limit": limit, "next_cursor": next_cursor}}
    )
