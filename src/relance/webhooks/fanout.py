"""Fan-out: outbox changes → events → one pending delivery per subscribed, enabled endpoint.

A batch of changes is claimed and deleted in one statement (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, so workers fan out side by side), and the events and deliveries it makes are
inserted in the same transaction: a crash before COMMIT leaves the changes in the outbox.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.auth.tables import companies
from relance.db.tx import Tx
from relance.webhooks import queue
from relance.webhooks.events import Event, EventBuilder
from relance.webhooks.inputs import ALL_EVENTS
from relance.webhooks.tables import webhook_endpoints, webhook_outbox

o = webhook_outbox.c
_TAKE = (
    sa.delete(webhook_outbox)
    .where(
        o.id.in_(
            sa.select(o.id)
            .order_by(o.id)
            .limit(param("limit", type_=sa.Integer))
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
    )
    .returning(*webhook_outbox.c)
)
_LISTENERS = sa.select(webhook_endpoints.c.id, webhook_endpoints.c.events).where(
    webhook_endpoints.c.company_id == param("company_id"),
    webhook_endpoints.c.enabled == sa.true(),
)
_COMPANY_NAME = sa.select(companies.c.name).where(companies.c.id == param("company_id"))


def new_event_id() -> str:
    return "msg_" + uuid.uuid4().hex


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def event_body(event_id: str, event: Event, created_at: datetime, sequence: int) -> str:
    """The body every delivery of the event sends, in the API's wire form (SPEC 1)."""
    body = {
        "id": event_id,
        "type": event.type,
        "created_at": created_at,
        "sequence": sequence,
        "data": event.data,
        "changes": event.changes,
    }
    return orjson.dumps(body, default=_default, option=orjson.OPT_OMIT_MICROSECONDS).decode()


def subscribed(listener: Mapping[str, Any], event_type: str) -> bool:
    events: list[str] = orjson.loads(listener["events"])
    return events == [ALL_EVENTS] or event_type in events


async def fan_out(tx: Tx, builder: EventBuilder, limit: int, now: datetime) -> int:
    """Turns up to ``limit`` outbox changes into deliveries; returns how many it took."""
    changes = sorted(await tx.fetch_all(_TAKE, {"limit": limit}), key=lambda row: row["id"])
    listeners: dict[int, list[dict[str, Any]]] = {}
    names: dict[int, str] = {}
    for change in changes:
        company_id = change["company_id"]
        if company_id not in listeners:
            listeners[company_id] = await tx.fetch_all(_LISTENERS, {"company_id": company_id})
        if not listeners[company_id]:
            continue  # nobody listens: the change leaves the outbox without an event
        if company_id not in names:
            names[company_id] = str(await tx.fetch_val(_COMPANY_NAME, {"company_id": company_id}))
        for event in builder.events(change, names[company_id], now):
            targets = [row for row in listeners[company_id] if subscribed(row, event.type)]
            if targets:
                await _enqueue(tx, company_id, event, change, targets, now)
    return len(changes)


async def _enqueue(
    tx: Tx,
    company_id: int,
    event: Event,
    change: Mapping[str, Any],
    targets: list[dict[str, Any]],
    now: datetime,
) -> None:
    event_id = new_event_id()
    body = event_body(event_id, event, change["created_at"], change["id"])
    key = await queue.insert_event(tx, company_id, event_id, event.type, body, now)
    for target in targets:
        await queue.insert_delivery(tx, company_id, target["id"], key, now)
