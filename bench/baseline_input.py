"""What the baselines read from a request, validated only as far as a write must be.

JSON object, known fields, enums, dates; no messages per field, no If-Match, no ETag: the
ceiling, not a competitor. A request that fails raises Rejected with its reply. Datetimes go
through the engine's own ``when`` (an aware datetime for asyncpg, naive-UTC text for SQLite).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl

import orjson

from bench.baseline_http import CODEC, Rejected, error
from bench.relance_api import IdKind

WRITABLE = (
    "status",
    "type",
    "call_date",
    "scheduled_at",
    "summary",
    "notes",
    "call_id",
    "audio_url",
    "duration_ms",
    "disconnection_reason",
    "direction",
    "phone_number_used",
    "is_retry",
)
STATUSES = frozenset(
    {
        "on_hold",
        "scheduled",
        "in_progress",
        "sent",
        "delivered",
        "deal_found",
        "no_answer",
        "deal_not_found",
        "bad_behavior",
        "failed",
        "cancelled",
    }
)
TYPES = frozenset(
    {"call", "email", "sms", "whatsapp", "voicemail", "manual_call", "physical", "postmail"}
)
DIRECTIONS = frozenset({"inbound", "outbound", None})
_CHOICES = {"status": STATUSES, "type": TYPES, "direction": DIRECTIONS}
When = Callable[[datetime | None], Any]


def parse_datetime(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("not a date")
    parsed = datetime.fromisoformat(value)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def _values(body: dict[str, Any], keys: tuple[str, ...], when: When) -> list[Any]:
    values = []
    for key in keys:
        value = body[key]
        if key in ("call_date", "scheduled_at"):
            value = when(parse_datetime(value))
        elif key in _CHOICES and value not in _CHOICES[key]:
            raise ValueError(key)
        values.append(value)
    return values


def list_input(debt: str, query: bytes) -> tuple[int, int, int]:
    """(debt key, page, limit) of a list-by-debt request."""
    params = dict(parse_qsl(query.decode()))
    try:
        page, limit = int(params.get("page", 1)), int(params.get("limit", 20))
    except ValueError:
        raise Rejected(error(400, "Validation failed")) from None
    if not (page >= 1 and 1 <= limit <= 100):
        raise Rejected(error(400, "Validation failed"))
    debt_id = CODEC.decode(IdKind.DEBT, debt)
    if debt_id is None:
        raise Rejected(error(404, "Debt not found"))
    return debt_id, page, limit


def create_input(raw: bytes, when: When) -> tuple[int, dict[str, Any], list[Any]]:
    """(debt key, every writable field with its default, their values in WRITABLE order)."""
    body = orjson.loads(raw)
    if not isinstance(body, dict):
        raise Rejected(error(400, "Invalid JSON payload"))
    debt_id = CODEC.decode(IdKind.DEBT, body.pop("debt_id", None))
    if debt_id is None or any(key not in WRITABLE for key in body):
        raise Rejected(error(400, "Validation failed"))
    fields: dict[str, Any] = {"status": "on_hold", "type": "call", "is_retry": False}
    fields.update({key: None for key in WRITABLE if key not in fields})
    fields.update(body)
    try:
        return debt_id, fields, _values(fields, WRITABLE, when)
    except (ValueError, TypeError):
        raise Rejected(error(400, "Validation failed")) from None


def update_input(public_id: str, raw: bytes, when: When) -> tuple[int, tuple[str, ...], list[Any]]:
    """(followup key, the sent fields sorted, their values)."""
    followup_id = CODEC.decode(IdKind.FOLLOWUP, public_id)
    if followup_id is None:
        raise Rejected(error(404, "Followup not found"))
    body = orjson.loads(raw)
    if not isinstance(body, dict) or not body or any(k not in WRITABLE for k in body):
        raise Rejected(error(400, "Validation failed"))
    keys = tuple(sorted(body))
    try:
        return followup_id, keys, _values(body, keys, when)
    except (ValueError, TypeError):
        raise Rejected(error(400, "Validation failed")) from None


def token_input(raw: bytes) -> tuple[str, str]:
    """(client_id, client_secret) of a client_credentials grant."""
    form = dict(parse_qsl(raw.decode()))
    if form.get("grant_type") != "client_credentials":
        raise Rejected((400, {"error": "unsupported_grant_type"}))
    return form.get("client_id", ""), form.get("client_secret", "")
