"""A client_credentials grant writes its refresh token in one statement that checks the client
is still active: a client revoked between the read and the write gets no token."""

from __future__ import annotations

from datetime import timedelta

from relance.auth import repository
from relance.db.transaction import write_transaction
from relance.kit.timestamps import utcnow
from tests.conftest import Factory, Tenant


async def _insert(factory: Factory, client_pk: int, token_hash: str) -> bool:
    now = utcnow()
    async with write_transaction(factory.state.database) as tx:
        row = {
            "client_pk": client_pk,
            "token_hash": token_hash,
            "family_id": "f" * 32,
            "scopes": "followups:read",
            "now": now,
            "expires_at": now + timedelta(days=1),
        }
        return await repository.insert_refresh_token_alone(tx, row)


async def test_the_row_is_written_for_an_active_client_only(
    factory: Factory, tenant: Tenant
) -> None:
    async with write_transaction(factory.state.database) as tx:
        client = await repository.get_client(tx, tenant.client_id)
    assert client is not None

    written = await _insert(factory, client["id"], "a" * 64)
    async with write_transaction(factory.state.database) as tx:
        await repository.revoke_client(tx, tenant.client_id, utcnow())
    refused = await _insert(factory, client["id"], "b" * 64)

    assert written is True
    assert refused is False
    async with write_transaction(factory.state.database) as tx:
        assert await repository.get_refresh_token(tx, "a" * 64) is not None
        assert await repository.get_refresh_token(tx, "b" * 64) is None
