"""grant_type=refresh_token: rotation, reuse detection, narrowing, expiry."""

from __future__ import annotations

from datetime import timedelta

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from relance.auth.secrets import hash_secret
from relance.auth.tables import refresh_tokens
from relance.db.transaction import write_transaction
from relance.kit.timestamps import utcnow
from tests.auth.helpers import bearer, grant, tokens, whoami_status
from tests.conftest import Factory, Tenant

_EXPIRE = (
    sa.update(refresh_tokens)
    .where(refresh_tokens.c.token_hash == sa.bindparam("token_hash"))
    .values(expires_at=sa.bindparam("expires_at"))
)


async def refresh(
    http: httpx.AsyncClient, tenant: Tenant, token: str, **form: str
) -> httpx.Response:
    form |= {"grant_type": "refresh_token", "refresh_token": token}
    return await grant(http, tenant, False, **form)


async def test_refresh_returns_a_new_pair_and_the_old_refresh_token_dies(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    first = await tokens(client, tenant)
    second = await refresh(client, tenant, first["refresh_token"])
    assert second.status_code == 200
    assert second.headers["cache-control"] == "no-store"
    body = second.json()
    assert body["refresh_token"] != first["refresh_token"]
    assert body["access_token"] != first["access_token"]
    assert body["scope"] == first["scope"]
    third = await refresh(client, tenant, body["refresh_token"])
    assert third.status_code == 200


async def test_reusing_a_rotated_token_revokes_the_whole_family(
    probes: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    first = await tokens(client, tenant)
    second = (await refresh(client, tenant, first["refresh_token"])).json()
    third = (await refresh(client, tenant, second["refresh_token"])).json()

    reuse = await refresh(client, tenant, first["refresh_token"])
    assert reuse.status_code == 400
    assert reuse.json()["error"] == "invalid_grant"

    newest = await refresh(client, tenant, third["refresh_token"])
    assert newest.status_code == 400
    assert newest.json()["error"] == "invalid_grant"
    # The access tokens issued with the family go with it.
    for issued in (first, second, third):
        response = await client.get("/probe/whoami", headers=bearer(issued["access_token"]))
        assert response.status_code == 401


async def test_family_revocation_spares_the_clients_other_families(
    probes: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    victim = await tokens(client, tenant)
    other = await tokens(client, tenant)
    await refresh(client, tenant, victim["refresh_token"])
    await refresh(client, tenant, victim["refresh_token"])

    assert (await client.get("/probe/whoami", headers=tenant.headers)).status_code == 200
    assert await whoami_status(client, other["access_token"]) == 200
    assert (await refresh(client, tenant, other["refresh_token"])).status_code == 200


async def test_refresh_may_narrow_but_never_widen_the_scope(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    narrow = await tokens(client, tenant, scope="debts:read followups:read")
    narrower = await refresh(client, tenant, narrow["refresh_token"], scope="debts:read")
    assert narrower.status_code == 200
    assert narrower.json()["scope"] == "debts:read"
    wider = await refresh(
        client, tenant, narrower.json()["refresh_token"], scope="debts:read debts:write"
    )
    assert wider.status_code == 400
    assert wider.json()["error"] == "invalid_scope"


async def test_refresh_token_of_another_client_is_invalid_grant(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    other = await factory.make_tenant(name="Other")
    foreign = await tokens(client, other)
    response = await refresh(client, tenant, foreign["refresh_token"])
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    # The owner's token was not burnt by the attempt.
    assert (await refresh(client, other, foreign["refresh_token"])).status_code == 200


async def test_expired_refresh_token_is_invalid_grant(
    app: FastAPI, client: httpx.AsyncClient, tenant: Tenant
) -> None:
    issued = await tokens(client, tenant)
    async with write_transaction(app.state.relance.database) as tx:
        await tx.execute(
            _EXPIRE,
            {
                "token_hash": hash_secret(issued["refresh_token"]),
                "expires_at": utcnow() - timedelta(seconds=1),
            },
        )
    response = await refresh(client, tenant, issued["refresh_token"])
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def test_refresh_with_basic_credentials(client: httpx.AsyncClient, tenant: Tenant) -> None:
    issued = await tokens(client, tenant)
    response = await grant(
        client,
        tenant,
        use_basic=True,
        grant_type="refresh_token",
        refresh_token=issued["refresh_token"],
    )
    assert response.status_code == 200
