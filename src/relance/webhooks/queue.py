"""SQL of the delivery queue: events, deliveries, the claim, the outcome of an attempt.

A claim moves each delivery's ``next_attempt_at`` to the end of a lease and stamps it with the
claiming worker's lease id, then commits: another worker skips it until the lease ends
(``FOR UPDATE SKIP LOCKED`` lets any number of workers claim side by side on PostgreSQL; SQLite
has one writer). Only the holder of the lease records the outcome, so a worker that outlived its
lease cannot overwrite what the next one did.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db.tx import Tx
from relance.webhooks.tables import (
    webhook_attempts,
    webhook_deliveries,
    webhook_endpoints,
    webhook_events,
)

PENDING, SUCCEEDED, FAILED, EXHAUSTED = "pending", "succeeded", "failed", "exhausted"

d = webhook_deliveries.c
_INSERT_EVENT = (
    sa.insert(webhook_events)
    .values({n: param(n) for n in ("company_id", "event_id", "type", "body", "created_at")})
    .returning(webhook_events.c.id)
)
_DELIVERY_VALUES = ("company_id", "endpoint_id", "event_id", "next_attempt_at", "created_at")
_INSERT_DELIVERY = (
    sa.insert(webhook_deliveries)
    .values({n: param(n) for n in _DELIVERY_VALUES} | {"status": PENDING, "attempts": 0})
    .returning(*webhook_deliveries.c)
)
_DUE = (
    sa.select(d.id)
    .where(
        sa.or_(d.status == PENDING, d.status == FAILED),
        d.next_attempt_at <= param("now", type_=d.next_attempt_at.type),
        d.endpoint_id.in_(
            sa.select(webhook_endpoints.c.id).where(webhook_endpoints.c.enabled == sa.true())
        ),
    )
    .order_by(d.next_attempt_at, d.id)
    .limit(param("limit", type_=sa.Integer))
    .with_for_update(skip_locked=True)
    .scalar_subquery()
)
_CLAIM = (
    sa.update(webhook_deliveries)
    .where(d.id.in_(_DUE))
    .values(
        next_attempt_at=param("lease_until", type_=d.next_attempt_at.type), lease=param("lease")
    )
    .returning(d.id)
)
e, w = webhook_events.c, webhook_endpoints.c
_CLAIMED = (
    sa.select(
        d.id,
        d.company_id,
        d.attempts,
        d.created_at,
        e.event_id.label("public_event_id"),
        e.body,
        w.url,
        w.secret,
        w.previous_secret,
        w.previous_secret_until,
    )
    .join_from(webhook_deliveries, webhook_events, e.id == d.event_id)
    .join(webhook_endpoints, w.id == d.endpoint_id)
    .where(d.lease == param("lease"))
)
_RECORD = (
    sa.update(webhook_deliveries)
    .where(d.id == param("id"), d.lease == param("lease"))
    .values(
        status=param("status"),
        attempts=d.attempts + 1,
        last_status_code=param("status_code", type_=sa.Integer),
        last_error=param("error"),
        next_attempt_at=param("next_attempt_at", type_=d.next_attempt_at.type),
        delivered_at=param("delivered_at", type_=d.delivered_at.type),
        lease=sa.null(),
    )
)
_ATTEMPT_VALUES = (
    "company_id", "delivery_id", "attempted_at", "status_code", "error", "duration_ms"
)  # fmt: skip
_INSERT_ATTEMPT = sa.insert(webhook_attempts).values({n: param(n) for n in _ATTEMPT_VALUES})


async def insert_event(
    tx: Tx, company_id: int, event_id: str, event_type: str, body: str, now: datetime
) -> int:
    params = {
        "company_id": company_id,
        "event_id": event_id,
        "type": event_type,
        "body": body,
        "created_at": now,
    }
    return int(await tx.fetch_val(_INSERT_EVENT, params))


async def insert_delivery(
    tx: Tx, company_id: int, endpoint_id: int, event_key: int, now: datetime
) -> dict[str, Any]:
    params = {
        "company_id": company_id,
        "endpoint_id": endpoint_id,
        "event_id": event_key,
        "next_attempt_at": now,
        "created_at": now,
    }
    row = await tx.fetch_one(_INSERT_DELIVERY, params)
    assert row is not None
    return row


async def claim(
    tx: Tx, lease: str, limit: int, now: datetime, lease_until: datetime
) -> list[dict[str, Any]]:
    """Due deliveries, leased to ``lease`` until ``lease_until``, with what sending them takes."""
    params = {"now": now, "limit": limit, "lease": lease, "lease_until": lease_until}
    if not await tx.fetch_all(_CLAIM, params):
        return []
    return await tx.fetch_all(_CLAIMED, {"lease": lease})


async def record_attempt(
    tx: Tx,
    delivery: dict[str, Any],
    lease: str,
    outcome: dict[str, Any],
    now: datetime,
) -> bool:
    """Logs the attempt, then records its outcome on the delivery if ``lease`` still holds it.
    ``outcome``: status, status_code, error, next_attempt_at, delivered_at, duration_ms."""
    await tx.execute(
        _INSERT_ATTEMPT,
        {
            "company_id": delivery["company_id"],
            "delivery_id": delivery["id"],
            "attempted_at": now,
            "status_code": outcome["status_code"],
            "error": outcome["error"],
            "duration_ms": outcome["duration_ms"],
        },
    )
    params = {key: outcome[key] for key in _OUTCOME} | {"id": delivery["id"], "lease": lease}
    return await tx.execute(_RECORD, params) == 1


_OUTCOME = ("status", "status_code", "error", "next_attempt_at", "delivered_at")
