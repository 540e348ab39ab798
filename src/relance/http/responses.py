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


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return Response(dumps(body), status_code=status, headers=headers, media_type="application/json")


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
