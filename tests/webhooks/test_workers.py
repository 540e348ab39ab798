"""Real ``relance worker`` processes (several share the outbox on PostgreSQL; on SQLite the
single writer serialises their claims): a SIGKILL in the middle of a delivery loses nothing,
SIGTERM finishes the deliveries in flight, two workers deliver 1,000 events exactly once.
Workers serve every company of the test database: the checks count this test's company's rows."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import sqlalchemy as sa
from fastapi import FastAPI

from relance.db.transaction import write_transaction
from relance.debts.repository import DebtRepository
from relance.webhooks.queue import SUCCEEDED
from relance.webhooks.tables import webhook_attempts, webhook_deliveries
from tests import backends
from tests.conftest import Factory, Tenant
from tests.webhooks.helpers import API, register, verified
from tests.webhooks.receiver import Answer, Receiver
from tests.webhooks.workers import worker, worker_env

_SUCCEEDED = sa.select(sa.func.count()).where(
    webhook_deliveries.c.status == SUCCEEDED,
    webhook_deliveries.c.company_id == sa.bindparam("company_id"),
)


async def _succeeded(app: FastAPI, tenant: Tenant) -> int:
    async with app.state.relance.database.read() as tx:
        return int(await tx.fetch_val(_SUCCEEDED, {"company_id": tenant.company_id}))


_ATTEMPTS = sa.select(sa.func.count()).where(
    webhook_attempts.c.company_id == sa.bindparam("company_id")
)


async def _attempts(app: FastAPI, tenant: Tenant) -> int:
    async with app.state.relance.database.read() as tx:
        return int(await tx.fetch_val(_ATTEMPTS, {"company_id": tenant.company_id}))


async def _wait_succeeded(app: FastAPI, tenant: Tenant, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while (done := await _succeeded(app, tenant)) < count:
        assert time.monotonic() < deadline, f"{done} of {count} succeeded"
        time.sleep(0.05)


async def test_a_worker_killed_mid_delivery_loses_nothing(
    app: FastAPI,
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    receiver: Receiver,
    database_url: str,
    tmp_path: Path,
) -> None:
    receiver.answer(Answer(200, hang=60))  # the first send hangs until the worker is killed
    hook = await register(client, tenant, receiver.url, ["debt.created"])
    await factory.make_debt(tenant)
    env = worker_env(database_url, tmp_path, webhook_timeout="30", webhook_lease_seconds="2")
    with worker(env, tmp_path, "first") as first:
        receiver.wait_for(1)
        first.kill()
    with worker(env, tmp_path, "second") as second:
        got = receiver.wait_for(2)
        await _wait_succeeded(app, tenant, 1)
        second.terminate()
    assert got[0].headers["webhook-id"] == got[1].headers["webhook-id"]
    assert got[0].body == got[1].body
    assert verified(got[1], hook["secret"])["type"] == "debt.created"
    log = await client.get(f"{API}/webhooks/{hook['id']}/deliveries", headers=tenant.headers)
    delivery = log.json()["data"][0]
    # The killed worker recorded nothing: the one attempt on record is the second worker's.
    assert (delivery["status"], delivery["attempts"]) == ("succeeded", 1)


async def test_sigterm_finishes_the_delivery_in_flight(
    app: FastAPI,
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    receiver: Receiver,
    database_url: str,
    tmp_path: Path,
) -> None:
    receiver.answer(Answer(200, hang=1.5))
    await register(client, tenant, receiver.url, ["debt.created"])
    await factory.make_debt(tenant)
    with worker(worker_env(database_url, tmp_path), tmp_path) as running:
        receiver.wait_for(1)
        running.terminate()  # exits 0 once the answer came and was recorded
    assert await _succeeded(app, tenant) == 1


async def test_two_workers_deliver_1000_events_exactly_once(
    app: FastAPI,
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    receiver: Receiver,
    database_url: str,
    tmp_path: Path,
) -> None:
    hook = await register(client, tenant, receiver.url, ["debt.created"])
    async with write_transaction(app.state.relance.database) as tx:
        debts = DebtRepository(tx, tenant.company_id)
        for number in range(1000):
            await debts.insert(
                {
                    "firstname": "Jean",
                    "lastname": f"Dupont {number}",
                    "email": "jean@example.com",
                    "amount_cents": 1000 + number,
                    "currency": "EUR",
                }
            )
    env = worker_env(database_url, tmp_path, webhook_concurrency="16")
    with worker(env, tmp_path, "a") as one, worker(env, tmp_path, "b") as two:
        receiver.wait_for(1000, timeout=120)
        await _wait_succeeded(app, tenant, 1000)
        counts = [one.terminate(), two.terminate()]
    got = receiver.requests()
    assert len(got) == 1000
    assert len({request.headers["webhook-id"] for request in got}) == 1000
    for request in got:
        verified(request, hook["secret"])
    assert await _attempts(app, tenant) == 1000  # no delivery was sent twice
    if backends.backend() == "postgresql":  # SKIP LOCKED: both claimed side by side
        assert min(counts) > 0, counts
