"""PostgreSQL: a create with an Idempotency-Key in one statement (SPEC 9).

``INSERT_COUNTED_PG`` plus the key: lock the debt (the company's), claim the key once per
locked debt, move the counters and insert only when the claim is ours, write the outbox row and
keep the created row for replays (``idempotency.statement_claim``). One row always comes back:
the columns the database fills (``one_row``; all NULL when nothing was written),
``policy_applies`` and ``claim_taken``. A company that enforces a contact policy locks no debt
here: nothing is claimed or written, and the service checks the rules in a transaction that
claims first.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.debts.tables import debts
from relance.followups.statements import (
    DEBT_COUNTERS,
    created_json,
    inserted_from,
    one_row,
    outbox_of_created,
)
from relance.idempotency.statement_claim import claim_from, claim_taken, keep_row
from relance.policy.enforcement import policy_allows

# What the kept row is: http.idempotent rebuilds a replay's answer by it.
KEPT_CREATED = "followup.created"

_DEBT = (
    sa.select(debts.c.id, debts.c.company_id)
    .where(
        debts.c.id == param("debt_id"), debts.c.company_id == param("company_id"), policy_allows()
    )
    .with_for_update(key_share=True)  # FOR NO KEY UPDATE: the lock the counter UPDATE takes
    .cte("debt")
)
_CLAIM = claim_from(_DEBT)
_COUNTED = (
    DEBT_COUNTERS.where(sa.exists(sa.select(_CLAIM.c.key)))
    .returning(debts.c.id, debts.c.company_id)
    .cte("counted")
)
_INSERTED = inserted_from(_COUNTED)
_CREATED = created_json(_INSERTED)  # one JSON text for the outbox row and the kept row
INSERT_COUNTED_KEYED_PG = (
    one_row(_INSERTED, claim_taken(_DEBT, _CLAIM))
    .add_cte(outbox_of_created(_CREATED))
    .add_cte(keep_row(KEPT_CREATED, _CREATED, _CLAIM))
)
