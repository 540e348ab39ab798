"""Followup SQL that several packages share: the lookup behind 403/404, what every change writes.

The followups repository, tracking, media and payment attribution all read or change followup
rows; these pieces keep the rules they have in common in one place.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.followups.tables import followups
from relance.kit.actors import current_actor

f = followups.c

# By id alone, without the company filter, so the caller can tell another company's followup
# (403) from a missing one (404) in the same round trip.
FIND_ANY_COMPANY = sa.select(followups).where(f.id == param("id"))
# The same, locking the row until the transaction ends (a no-op on SQLite, which has one writer).
LOCK_ANY_COMPANY = FIND_ANY_COMPANY.with_for_update()


def changed(**values: Any) -> dict[str, Any]:
    """``values`` plus what every change to a followup also writes: ``updated_at = :now`` and
    ``version = version + 1``, so incremental sync (updated_since) and ETags see the change,
    and ``changed_by = :actor``, ``policy_override = :override`` (bind ``actor_param()``), which
    its revision records."""
    return {
        **values,
        "updated_at": param("now", type_=f.updated_at.type),
        "version": f.version + 1,
        "changed_by": param("actor", type_=f.changed_by.type),
        "policy_override": param("override", type_=f.policy_override.type),
    }


def actor_param(override: str | None = None) -> dict[str, str | None]:
    """The binds every statement built with ``changed`` needs: who acts, and the reason of a
    contact policy override the change is made under (None: none)."""
    return {"actor": current_actor(), "override": override}
