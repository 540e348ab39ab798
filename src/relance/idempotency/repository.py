"""SQL of the idempotency keys, bound to one company (pruning excepted: a system task)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlalchemy import bindparam as param
from sqlalchemy.dialects import postgresql, sqlite

from relance.db.tx import Tx
from relance.idempotency.tables import idempotency_keys as keys
from relance.idempotency.tables import idempotency_rows as kept

_EXPIRED = keys.c.created_at < param("cutoff", type_=keys.c.created_at.type)
_CLAIM_VALUES: dict[str, Any] = {
    "company_id": param("company_id"),
    "key": param("key"),
    "fingerprint": param("fingerprint"),
    "status_code": param("status_code", type_=sa.Integer),
    "headers": param("headers", type_=sa.Text),
    "body": param("body", type_=sa.LargeBinary),
    "created_at": param("now", type_=keys.c.created_at.type),
}
_TAKE_OVER = ("fingerprint", "status_code", "headers", "body", "created_at")


def _insert(dialect: Any) -> Any:
    """INSERT the key, or take over an expired row of it; RETURNING says whether it was ours.
    A row a concurrent transaction inserted and has not committed makes this wait for it."""
    statement = dialect.insert(keys).values(_CLAIM_VALUES)
    taken = {name: statement.excluded[name] for name in _TAKE_OVER}
    return statement.on_conflict_do_update(
        index_elements=["company_id", "key"], set_=taken, where=_EXPIRED
    ).returning(keys.c.key)


_CLAIM = {"postgresql": _insert(postgresql), "sqlite": _insert(sqlite)}
# With the row a one-statement create kept instead of its answer (statement_claim.py).
_KEPT_OF_KEY = sa.and_(
    kept.c.company_id == keys.c.company_id,
    kept.c.key == keys.c.key,
    kept.c.created_at == keys.c.created_at,
)
_FIND = (
    sa.select(
        keys.c.fingerprint, keys.c.status_code, keys.c.headers, keys.c.body, kept.c.kind, kept.c.row
    )
    .select_from(keys.outerjoin(kept, _KEPT_OF_KEY))
    .where(keys.c.company_id == param("company_id"), keys.c.key == param("key"), ~_EXPIRED)
)
_STORE = (
    sa.update(keys)
    .where(keys.c.company_id == param("company_id"), keys.c.key == param("key"))
    .values(
        status_code=param("status_code", type_=sa.Integer),
        headers=param("headers", type_=sa.Text),
        body=param("body", type_=sa.LargeBinary),
    )
)
_PRUNE = sa.delete(keys).where(_EXPIRED)
_PRUNE_KEPT = sa.delete(kept).where(
    kept.c.created_at < param("cutoff", type_=kept.c.created_at.type)
)


@dataclass(frozen=True, slots=True)
class KeptRow:
    """The row a one-statement create kept: its kind says how the answer is rebuilt."""

    kind: str
    row: dict[str, Any]


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    fingerprint: str
    status_code: int
    headers: dict[str, str]
    body: bytes
    kept: KeptRow | None = None  # then body is empty: the answer is rebuilt from the row


class IdempotencyRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def claim(
        self,
        key: str,
        fingerprint: str,
        now: datetime,
        cutoff: datetime,
        answer: StoredAnswer | None = None,
    ) -> bool:
        """True when the key is now ours (in this transaction); False when a live row holds it.
        ``answer`` (a StoredAnswer) claims and stores at once."""
        params = {
            "company_id": self.company_id,
            "key": key,
            "fingerprint": fingerprint,
            "now": now,
            "cutoff": cutoff,
            **_answer_params(answer),
        }
        return await self.tx.fetch_one(_CLAIM[self.tx.dialect_name], params) is not None

    async def find(self, key: str, cutoff: datetime) -> StoredAnswer | None:
        row = await self.tx.fetch_one(
            _FIND, {"company_id": self.company_id, "key": key, "cutoff": cutoff}
        )
        if row is None or row["status_code"] is None:
            return None
        headers: dict[str, str] = orjson.loads(row["headers"] or "{}")
        if row["body"] is None:
            if row["row"] is None:  # a claim whose statement was cut short: nothing to replay
                return None
            kept_row = KeptRow(row["kind"], orjson.loads(row["row"]))
            return StoredAnswer(row["fingerprint"], row["status_code"], headers, b"", kept_row)
        return StoredAnswer(row["fingerprint"], row["status_code"], headers, bytes(row["body"]))

    async def store(self, key: str, answer: StoredAnswer) -> None:
        params = {"company_id": self.company_id, "key": key, **_answer_params(answer)}
        await self.tx.execute(_STORE, params)


def _answer_params(answer: StoredAnswer | None) -> dict[str, Any]:
    if answer is None:
        return {"status_code": None, "headers": None, "body": None}
    return {
        "status_code": answer.status_code,
        "headers": orjson.dumps(answer.headers).decode(),
        "body": answer.body,
    }


async def prune(tx: Tx, cutoff: datetime) -> int:
    """Deletes every company's expired keys and kept rows (a system task: no company id)."""
    await tx.execute(_PRUNE_KEPT, {"cutoff": cutoff})
    return await tx.execute(_PRUNE, {"cutoff": cutoff})
