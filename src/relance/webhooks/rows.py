"""Rows as JSON text and back: the outbox keeps snapshots of changed rows (followups, debts,
payments) that the dispatcher turns back into rows for the API's own serializers.

PostgreSQL writes some snapshots itself (``to_jsonb`` of a row, in the same statement as the
change); Python writes the others with orjson. Both spell timestamps in ISO 8601 and dates as
``YYYY-MM-DD``, which ``decode_row`` reads back by the table's column types.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import orjson
import sqlalchemy as sa


def row_json(row: Mapping[str, Any] | None) -> str | None:
    # NON_STR_KEYS: SQLAlchemy column names are a str subclass (quoted_name).
    return None if row is None else orjson.dumps(row, option=orjson.OPT_NON_STR_KEYS).decode()


def loads(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    value: dict[str, Any] = orjson.loads(text)
    return value


def typed_row(table: sa.Table, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The row's columns that ``raw`` holds, with their Python types; other keys are kept."""
    raw = dict(raw)
    for column in table.columns:
        value = raw.get(column.name)
        if value is None:
            continue
        raw[column.name] = _typed(column.type, value)
    return raw


def _typed(column_type: sa.types.TypeEngine[Any], value: Any) -> Any:
    if isinstance(column_type, sa.types.TypeDecorator):
        column_type = column_type.impl_instance
    if isinstance(column_type, sa.DateTime):
        parsed = datetime.fromisoformat(value)
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    if isinstance(column_type, sa.Date):
        return date.fromisoformat(value[:10])
    if isinstance(column_type, sa.Boolean):
        return bool(value)
    return value
