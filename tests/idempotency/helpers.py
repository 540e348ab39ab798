"""Helpers of the idempotency tests: keyed POSTs and the rows they leave."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import sqlalchemy as sa

from relance.db.transaction import write_transaction
from relance.idempotency.tables import idempotency_keys, idempotency_rows
from relance.kit.timestamps import utcnow
from relance.state import AppState
from tests.conftest import Tenant

FOLLOWUPS = "/external-api/v1/followups"
REPLAYED = "idempotent-replayed"


def keyed(tenant: Tenant, key: str | bytes) -> dict[str, Any]:
    return {**tenant.headers, "Idempotency-Key": key}


async def post_followup(
    client: httpx.AsyncClient, tenant: Tenant, key: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(FOLLOWUPS, json=body, headers=keyed(tenant, key))


async def age_keys(state: AppState, hours: int) -> None:
    """Dates every stored key ``hours`` back, as if that much time had gone by (the test
    database is shared: other tests' keys age too, which none of them minds)."""
    then = utcnow() - timedelta(hours=hours)
    async with write_transaction(state.database) as tx:
        await tx.execute(sa.update(idempotency_keys).values(created_at=then))
        await tx.execute(sa.update(idempotency_rows).values(created_at=then))


async def count_keys(state: AppState, company_id: int) -> int:
    keys = idempotency_keys
    counted = sa.select(sa.func.count()).where(keys.c.company_id == company_id)
    async with state.database.read() as tx:
        return int(await tx.fetch_val(counted))
