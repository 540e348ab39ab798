"""PostgreSQL: the CTEs with which one write statement claims its key and keeps its answer.

A keyed create that is one statement (the followup create) adds three things to it: a CTE
locking its target (the debt), ``claim_from`` (the claim, one row per locked target) gating
the write, and ``keep_row`` (the created row as JSON text, for replays). The statement
commits all or nothing, alone; concurrent retries wait on the key's row like the claim alone
does, then find it taken. The target is locked before the key is claimed, so a key is never
claimed for a write that then finds its target gone (the claim would stay without an answer).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param
from sqlalchemy.dialects import postgresql

from relance.idempotency.claiming import CLAIM_TAKEN
from relance.idempotency.tables import idempotency_keys as keys
from relance.idempotency.tables import idempotency_rows as kept

_NOW = param("claim_now", type_=keys.c.created_at.type)
_CLAIM_COLUMNS = ("company_id", "key", "fingerprint", "status_code", "created_at")
_TAKE_OVER = ("fingerprint", "status_code", "headers", "body", "created_at")


def claim_from(target: sa.CTE) -> sa.CTE:
    """INSERT the key once per row of ``target`` (a CTE of the locked target, with a
    ``company_id`` column), or take over an expired row of it; RETURNING the key when ours."""
    values = sa.select(
        target.c.company_id,
        param("claim_key", type_=keys.c.key.type),
        param("claim_fingerprint", type_=keys.c.fingerprint.type),
        param("claim_status", type_=sa.Integer),
        _NOW,
    ).select_from(target)
    insert = postgresql.insert(keys).from_select(list(_CLAIM_COLUMNS), values)
    # headers and body stay NULL: the answer is rebuilt from the kept row.
    taken = {name: insert.excluded[name] for name in _TAKE_OVER}
    expired = keys.c.created_at < param("claim_cutoff", type_=keys.c.created_at.type)
    claimed = insert.on_conflict_do_update(
        index_elements=["company_id", "key"], set_=taken, where=expired
    )
    return claimed.returning(keys.c.key).cte("claim")


def keep_row(kind: str, written: sa.CTE, claim: sa.CTE) -> sa.CTE:
    """INSERT the written row under the claimed key. ``written``: a CTE of the row as JSON
    text (``row``) and its ``company_id``."""
    kind_text = sa.literal_column(f"'{kind}'", sa.String)
    values = sa.select(
        written.c.company_id, claim.c.key, _NOW, kind_text, written.c.row
    ).select_from(written.join(claim, sa.true()))
    insert = postgresql.insert(kept).from_select(
        ["company_id", "key", "created_at", "kind", "row"], values
    )
    replaced = {name: insert.excluded[name] for name in ("created_at", "kind", "row")}
    return insert.on_conflict_do_update(index_elements=["company_id", "key"], set_=replaced).cte(
        "kept"
    )


def claim_taken(target: sa.CTE, claim: sa.CTE) -> sa.ColumnElement[Any]:
    """True when the target was there and the key was not ours: the request is a retry."""
    found = sa.select(sa.func.count()).select_from(target).scalar_subquery()
    claimed = sa.select(sa.func.count()).select_from(claim).scalar_subquery()
    return (found > claimed).label(CLAIM_TAKEN)
