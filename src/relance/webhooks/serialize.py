"""Endpoint and delivery rows → the wire objects of SPEC 8."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from relance.kit.ids import IdCodec, IdKind
from relance.webhooks.queue import FAILED, PENDING


def endpoint_out(row: Mapping[str, Any], ids: IdCodec, secret: str | None = None) -> dict[str, Any]:
    """``secret`` only in the answers to a create and a rotation, the one time it is shown."""
    out = {
        "id": ids.encode(IdKind.WEBHOOK, row["id"]),
        "url": row["url"],
        "events": orjson.loads(row["events"]),
        "enabled": row["enabled"],
        "description": row["description"],
        "created_at": row["created_at"],
    }
    if secret is not None:
        out["secret"] = secret
    return out


def delivery_out(row: Mapping[str, Any], ids: IdCodec) -> dict[str, Any]:
    waiting = row["status"] in (PENDING, FAILED)
    return {
        "id": ids.encode(IdKind.WEBHOOK_DELIVERY, row["id"]),
        "event_id": row["public_event_id"],
        "event_type": row["type"],
        "status": row["status"],
        "attempts": row["attempts"],
        "last_status_code": row["last_status_code"],
        "last_error": row["last_error"],
        "next_attempt_at": row["next_attempt_at"] if waiting else None,
        "created_at": row["created_at"],
        "delivered_at": row["delivered_at"],
    }


def attempt_out(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "attempted_at": row["attempted_at"],
        "status_code": row["status_code"],
        "error": row["error"],
        "duration_ms": row["duration_ms"],
    }
