"""Client secrets and refresh tokens: high-entropy, shown once, stored only as hashes."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from hypothesis import given
from hypothesis import strategies as st

from relance.auth.secrets import hash_secret, new_client_id, new_secret, secret_matches
from relance.auth.tables import api_clients, refresh_tokens
from relance.cli import operators
from relance.config import Settings
from relance.db.tx import Database
from tests.auth.helpers import tokens
from tests.conftest import Tenant

_CLIENT_ROW = sa.select(api_clients).where(api_clients.c.client_id == sa.bindparam("client_id"))
_REFRESH_ROWS = sa.select(refresh_tokens).where(refresh_tokens.c.client_pk == sa.bindparam("pk"))


async def client_row(database: Database, client_id: str) -> dict[str, Any]:
    async with database.read() as tx:
        row = await tx.fetch_one(_CLIENT_ROW, {"client_id": client_id})
    assert row is not None
    return row


def test_new_secret_carries_at_least_256_random_bits() -> None:
    secret = new_secret()
    assert len(base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))) >= 32
    assert len({new_secret() for _ in range(100)}) == 100


def test_client_ids_are_distinct() -> None:
    assert len({new_client_id() for _ in range(100)}) == 100


@given(st.text(min_size=1), st.text(min_size=1))
def test_secret_matches_only_its_own_hash(secret: str, other: str) -> None:
    assert secret_matches(secret, hash_secret(secret))
    assert secret_matches(other, hash_secret(secret)) is (other == secret)


async def test_created_client_row_holds_a_hash_never_the_secret(
    app: FastAPI, settings: Settings
) -> None:
    company = await operators.create_company(settings, "Hashing Co")
    created = await operators.create_client(settings, company["id"], "ci", "debts:read")
    secret = created["client_secret"]
    row = await client_row(app.state.relance.database, created["client_id"])
    assert row["secret_hash"] == hash_secret(secret)
    assert all(secret not in str(value) for value in row.values())


async def test_refresh_token_rows_hold_hashes_never_the_token(
    app: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    issued = await tokens(client, tenant)
    database: Database = app.state.relance.database
    pk = (await client_row(database, tenant.client_id))["id"]
    async with database.read() as tx:
        rows = await tx.fetch_all(_REFRESH_ROWS, {"pk": pk})
    assert hash_secret(issued["refresh_token"]) in {row["token_hash"] for row in rows}
    for row in rows:
        assert all(issued["refresh_token"] not in str(value) for value in row.values())
