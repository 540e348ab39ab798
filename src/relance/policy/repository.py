"""SQL of the contact policy, bound to one company."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import bindparam as param
from sqlalchemy.dialects import postgresql, sqlite

from relance.db.tx import Tx
from relance.policy.tables import contact_policies as policies

_GET = sa.select(policies.c.document).where(policies.c.company_id == param("company_id"))
_VALUES = {
    "company_id": param("company_id"),
    "enforce": param("enforce", type_=sa.Boolean),
    "document": param("document", type_=sa.Text),
    "updated_at": param("now", type_=policies.c.updated_at.type),
}


def _upsert(dialect: object) -> sa.Insert:
    insert = dialect.insert(policies).values(_VALUES)  # type: ignore[attr-defined]
    replaced = {name: insert.excluded[name] for name in ("enforce", "document", "updated_at")}
    upsert: sa.Insert = insert.on_conflict_do_update(index_elements=["company_id"], set_=replaced)
    return upsert


_PUT = {"postgresql": _upsert(postgresql), "sqlite": _upsert(sqlite)}


class PolicyRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def document(self) -> str | None:
        found = await self.tx.fetch_val(_GET, {"company_id": self.company_id})
        return None if found is None else str(found)

    async def put(self, enforce: bool, document: str, now: datetime) -> None:
        params = {"company_id": self.company_id, "enforce": enforce, "document": document}
        await self.tx.execute(_PUT[self.tx.dialect_name], {**params, "now": now})
