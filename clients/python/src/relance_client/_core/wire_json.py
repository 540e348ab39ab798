"""JSON on the wire: amounts stay exact Decimals both ways, dates become ISO 8601 strings."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any


def _default(value: Any) -> Any:
    # The API reads numeric strings as exact amounts, so a Decimal never goes through a float.
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(value: Any) -> bytes:
    return json.dumps(value, default=_default, ensure_ascii=False, separators=(",", ":")).encode()


def loads(raw: bytes) -> Any:
    """Every JSON number with a fraction becomes a Decimal (``1500.00`` keeps its digits)."""
    return json.loads(raw, parse_float=Decimal)


def query_value(value: Any) -> str:
    """One query parameter: booleans as ``true``/``false``, lists comma-separated."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return ",".join(query_value(item) for item in value)
    return str(value)


def query(params: dict[str, Any]) -> dict[str, str]:
    """The parameters that were given (None means "not given")."""
    return {name: query_value(value) for name, value in params.items() if value is not None}
