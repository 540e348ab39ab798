"""SQL for email tracking, bound to one company: counters change in SQL, events dedupe by id."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param
from sqlalchemy.dialects import postgresql, sqlite

from relance.db.schema import UTCDateTime
from relance.db.tx import Tx
from relance.followups.row_sql import FIND_ANY_COMPANY, actor_param, changed
from relance.followups.tables import followups
from relance.tracking.tables import email_events
from relance.webhooks.outbox import FOLLOWUP_UPDATED, Outbox

EMAIL = "email"
OPENED = "email.opened"
CLICKED = "email.clicked"

f = followups.c

_WHERE_EMAIL_OF_COMPANY = (
    f.id == param("id"),
    f.company_id == param("company_id"),
    f.type == EMAIL,
)
_occurred = param("occurred_at", type_=UTCDateTime())
_RECORD_OPEN = (
    sa.update(followups)
    .where(*_WHERE_EMAIL_OF_COMPANY)
    .values(
        changed(
            email_open_count=f.email_open_count + 1,
            # The earliest open ever seen, whatever order the events arrive in.
            email_first_opened_at=sa.case(
                (
                    sa.or_(f.email_first_opened_at.is_(None), _occurred < f.email_first_opened_at),
                    _occurred,
                ),
                else_=f.email_first_opened_at,
            ),
        )
    )
    .returning(*followups.c)
)
_RECORD_CLICK = (
    sa.update(followups)
    .where(*_WHERE_EMAIL_OF_COMPANY)
    .values(changed(email_click_count=f.email_click_count + 1))
    .returning(*followups.c)
)

_EVENT_VALUES: dict[str, Any] = {
    name: param(name)
    for name in ("company_id", "followup_id", "event", "event_id", "occurred_at", "created_at")
}
# An event_id seen before inserts nothing (NULL ids, our own pixel hits, never conflict).
_INSERT_EVENT = {
    "postgresql": postgresql.insert(email_events)
    .values(_EVENT_VALUES)
    .on_conflict_do_nothing(index_elements=["followup_id", "event_id"]),
    "sqlite": sqlite.insert(email_events)
    .values(_EVENT_VALUES)
    .on_conflict_do_nothing(index_elements=["followup_id", "event_id"]),
}


class TrackingRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def find(self, followup_id: int) -> dict[str, Any] | None:
        """Type, owner and counters of a followup of any company (the service checks the owner)."""
        return await self.tx.fetch_one(FIND_ANY_COMPANY, {"id": followup_id})

    async def count(
        self, followup_id: int, event: str, occurred_at: datetime, now: datetime
    ) -> dict[str, Any] | None:
        """Adds one open or click: the followup row after it, or None when this company has no
        such email followup. The webhook outbox gets the counter it replaced (one less, exact
        under concurrent hits) and, for a first open, the null first-open time."""
        params = {"id": followup_id, "company_id": self.company_id, "now": now, **actor_param()}
        if event == OPENED:
            row = await self.tx.fetch_one(_RECORD_OPEN, {**params, "occurred_at": occurred_at})
            counter = "email_open_count"
        else:
            row = await self.tx.fetch_one(_RECORD_CLICK, params)
            counter = "email_click_count"
        if row is None:
            return None
        old: dict[str, Any] = {counter: row[counter] - 1}
        if event == OPENED and row[counter] == 1:
            old["email_first_opened_at"] = None
        await Outbox(self.tx, self.company_id).record(
            FOLLOWUP_UPDATED, row["debt_id"], followup_id, row, old, now
        )
        return row

    async def insert_event(
        self,
        followup_id: int,
        event: str,
        event_id: str | None,
        occurred_at: datetime,
        now: datetime,
    ) -> bool:
        """Records an event; False when this event_id was already recorded for the followup."""
        params = {
            "company_id": self.company_id,
            "followup_id": followup_id,
            "event": event,
            "event_id": event_id,
            "occurred_at": occurred_at,
            "created_at": now,
        }
        return await self.tx.execute(_INSERT_EVENT[self.tx.dialect_name], params) == 1
