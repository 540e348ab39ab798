"""The followup SQL that payment attribution needs (SPEC 5), bound to one company.

The followups package owns followups; this module only reads their debt, status and activity
date, and sets ``triggered_payment`` the way every followup change is made: with ``updated_at``
and ``version = version + 1``, so incremental sync and ETags see the attribution.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db.tx import Tx
from relance.followups.row_sql import actor_param, changed
from relance.followups.tables import followups

# Not executed: still waiting (on_hold, scheduled) or called off (cancelled). Every other
# status means the outreach happened, as for the nb_reminders counter of SPEC 4.
NOT_EXECUTED = ("on_hold", "scheduled", "cancelled")

_IN_COMPANY = followups.c.company_id == param("company_id")
_BELONGS = sa.select(followups.c.id).where(
    _IN_COMPANY, followups.c.id == param("id"), followups.c.debt_id == param("debt_id")
)
_LATEST_EXECUTED = (
    sa.select(followups.c.id)
    .where(
        _IN_COMPANY,
        followups.c.debt_id == param("debt_id"),
        *(followups.c.status != status for status in NOT_EXECUTED),
        followups.c.activity_at >= param("since"),
        followups.c.activity_at <= param("until"),
    )
    .order_by(followups.c.activity_at.desc(), followups.c.id.desc())
    .limit(1)
)
# Only a change is a change: a followup already credited with a payment keeps its version.
_FLAG = (
    sa.update(followups)
    .where(_IN_COMPANY, followups.c.id == param("id"), followups.c.triggered_payment == sa.false())
    .values(changed(triggered_payment=sa.true()))
)


class FollowupLinks:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def belongs_to_debt(self, followup_id: int, debt_id: int) -> bool:
        params = {"company_id": self.company_id, "id": followup_id, "debt_id": debt_id}
        return await self.tx.fetch_val(_BELONGS, params) is not None

    async def latest_executed(self, debt_id: int, since: datetime, until: datetime) -> int | None:
        """The most recent executed followup of the debt with since <= activity date <= until."""
        params = {"company_id": self.company_id, "debt_id": debt_id, "since": since, "until": until}
        found = await self.tx.fetch_val(_LATEST_EXECUTED, params)
        return None if found is None else int(found)

    async def flag_triggered_payment(self, followup_id: int, now: datetime) -> bool:
        params = {"company_id": self.company_id, "id": followup_id, "now": now, **actor_param()}
        return await self.tx.execute(_FLAG, params) == 1
