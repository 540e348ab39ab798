"""SQL for companies, clients and tokens.

The documented exception to "every repository is bound to a company": these statements run
before a tenant is known (the token endpoint, operator commands, revocation loading).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.auth.tables import api_clients, companies, refresh_tokens, revoked_access_tokens
from relance.db.tx import Tx
from relance.kit.timestamps import utcnow

_INSERT_COMPANY = (
    sa.insert(companies)
    .values(name=param("name"), created_at=param("now"))
    .returning(companies.c.id, companies.c.name)
)
_GET_COMPANY = sa.select(companies.c.id, companies.c.name).where(companies.c.id == param("id"))
_LIST_COMPANIES = sa.select(companies.c.id, companies.c.name, companies.c.created_at).order_by(
    companies.c.id
)
# What an operator may see of a client: never its secret hash.
_CLIENT_LISTED = (
    api_clients.c.client_id,
    api_clients.c.company_id,
    api_clients.c.name,
    api_clients.c.scopes,
    api_clients.c.read_limit,
    api_clients.c.write_limit,
    api_clients.c.limit_window,
    api_clients.c.revoked_at,
    api_clients.c.created_at,
)
_LIST_CLIENTS = sa.select(*_CLIENT_LISTED).order_by(api_clients.c.id)
_LIST_COMPANY_CLIENTS = _LIST_CLIENTS.where(api_clients.c.company_id == param("company_id"))
_INSERT_CLIENT = (
    sa.insert(api_clients)
    .values(
        company_id=param("company_id"),
        client_id=param("client_id"),
        secret_hash=param("secret_hash"),
        name=param("name"),
        scopes=param("scopes"),
        created_at=param("now"),
    )
    .returning(api_clients.c.id)
)
_GET_CLIENT = sa.select(api_clients).where(api_clients.c.client_id == param("client_id"))
_REVOKE_CLIENT = (
    sa.update(api_clients)
    .where(api_clients.c.client_id == param("client_id"), api_clients.c.revoked_at.is_(None))
    .values(revoked_at=param("now"))
)
_REVOKED_CLIENTS = sa.select(api_clients.c.client_id).where(api_clients.c.revoked_at.is_not(None))
_REVOKED_TOKENS = sa.select(revoked_access_tokens.c.jti).where(
    revoked_access_tokens.c.expires_at > param("now")
)
_INSERT_REVOKED_TOKEN = sa.insert(revoked_access_tokens).values(
    jti=param("jti"), client_pk=param("client_pk"), expires_at=param("expires_at")
)
_FIND_REVOKED_TOKEN = sa.select(revoked_access_tokens.c.jti).where(
    revoked_access_tokens.c.jti == param("jti")
)
_INSERT_REFRESH = sa.insert(refresh_tokens).values(
    client_pk=param("client_pk"),
    token_hash=param("token_hash"),
    family_id=param("family_id"),
    scopes=param("scopes"),
    created_at=param("now"),
    expires_at=param("expires_at"),
)
# The same row, written only while its client exists unrevoked: one statement that needs no
# transaction, so a client_credentials grant costs the client read and this (SPEC 2 names no
# lock; a client revoked between the two gets no token).
_REFRESH_COLUMNS = ("client_pk", "token_hash", "family_id", "scopes", "created_at", "expires_at")
_INSERT_REFRESH_IF_ACTIVE = (
    sa.insert(refresh_tokens)
    .from_select(
        _REFRESH_COLUMNS,
        sa.select(
            api_clients.c.id,
            param("token_hash", type_=sa.String),
            param("family_id", type_=sa.String),
            param("scopes", type_=sa.String),
            param("now", type_=refresh_tokens.c.created_at.type),
            param("expires_at", type_=refresh_tokens.c.expires_at.type),
        ).where(api_clients.c.id == param("client_pk"), api_clients.c.revoked_at.is_(None)),
    )
    .returning(refresh_tokens.c.id)
)
_GET_REFRESH = sa.select(refresh_tokens).where(refresh_tokens.c.token_hash == param("token_hash"))
# Marks a token used only if nobody used it first: the row count tells who won a race.
_USE_REFRESH = (
    sa.update(refresh_tokens)
    .where(
        refresh_tokens.c.id == param("id"),
        refresh_tokens.c.used_at.is_(None),
        refresh_tokens.c.revoked_at.is_(None),
    )
    .values(used_at=param("now"))
)
_REVOKE_FAMILY = (
    sa.update(refresh_tokens)
    .where(refresh_tokens.c.family_id == param("family_id"), refresh_tokens.c.revoked_at.is_(None))
    .values(revoked_at=param("now"))
)


async def insert_company(tx: Tx, name: str, now: datetime) -> dict[str, Any]:
    row = await tx.fetch_one(_INSERT_COMPANY, {"name": name, "now": now})
    assert row is not None
    return row


async def get_company(tx: Tx, company_id: int) -> dict[str, Any] | None:
    return await tx.fetch_one(_GET_COMPANY, {"id": company_id})


async def list_companies(tx: Tx) -> list[dict[str, Any]]:
    return await tx.fetch_all(_LIST_COMPANIES)


async def list_clients(tx: Tx, company_id: int | None) -> list[dict[str, Any]]:
    if company_id is None:
        return await tx.fetch_all(_LIST_CLIENTS)
    return await tx.fetch_all(_LIST_COMPANY_CLIENTS, {"company_id": company_id})


async def insert_client(
    tx: Tx,
    *,
    company_id: int,
    client_id: str,
    secret_hash: str,
    name: str,
    scopes: str,
    now: datetime,
) -> int:
    values = {
        "company_id": company_id,
        "client_id": client_id,
        "secret_hash": secret_hash,
        "name": name,
        "scopes": scopes,
        "now": now,
    }
    return int(await tx.fetch_val(_INSERT_CLIENT, values))


async def get_client(tx: Tx, client_id: str) -> dict[str, Any] | None:
    return await tx.fetch_one(_GET_CLIENT, {"client_id": client_id})


async def revoke_client(tx: Tx, client_id: str, now: datetime) -> bool:
    return await tx.execute(_REVOKE_CLIENT, {"client_id": client_id, "now": now}) > 0


async def load_revocations(tx: Tx) -> tuple[list[str], list[str]]:
    clients = await tx.fetch_all(_REVOKED_CLIENTS)
    tokens = await tx.fetch_all(_REVOKED_TOKENS, {"now": utcnow()})
    return [row["client_id"] for row in clients], [row["jti"] for row in tokens]


async def revoke_access_token(tx: Tx, jti: str, client_pk: int, expires_at: datetime) -> None:
    if await tx.fetch_one(_FIND_REVOKED_TOKEN, {"jti": jti}) is None:
        await tx.execute(
            _INSERT_REVOKED_TOKEN, {"jti": jti, "client_pk": client_pk, "expires_at": expires_at}
        )


async def insert_refresh_token(tx: Tx, row: Mapping[str, Any]) -> None:
    """``row``: client_pk, token_hash, family_id, scopes, now, expires_at."""
    await tx.execute(_INSERT_REFRESH, row)


async def insert_refresh_token_alone(tx: Tx, row: Mapping[str, Any]) -> bool:
    """``insert_refresh_token`` as the transaction's one write (autocommit on PostgreSQL);
    False when the client is revoked or gone."""
    return await tx.fetch_one_alone(_INSERT_REFRESH_IF_ACTIVE, row) is not None


async def get_refresh_token(tx: Tx, token_hash: str) -> dict[str, Any] | None:
    return await tx.fetch_one(_GET_REFRESH, {"token_hash": token_hash})


async def use_refresh_token(tx: Tx, token_pk: int, now: datetime) -> bool:
    return await tx.execute(_USE_REFRESH, {"id": token_pk, "now": now}) > 0


async def revoke_refresh_family(tx: Tx, family_id: str, now: datetime) -> None:
    await tx.execute(_REVOKE_FAMILY, {"family_id": family_id, "now": now})
