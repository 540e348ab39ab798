"""/metrics shows the webhook outbox depth: change records waiting to be fanned out, and
deliveries waiting to be sent, as last counted by the node."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI

from relance.state import AppState
from relance.webhooks.depth import OutboxDepth
from tests.conftest import Factory, Tenant


def _depth(page: str, queue: str) -> float:
    found = re.search(rf'^relance_webhook_outbox_depth\{{queue="{queue}"\}} (\S+)$', page, re.M)
    assert found is not None, page
    return float(found.group(1))


async def test_the_outbox_depth_is_counted_and_scraped(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    state: AppState = app.state.relance
    depth = OutboxDepth()
    debt_id = await factory.make_debt(tenant)
    await depth.refresh(state.database)
    before = depth.changes
    await factory.make_followup(tenant, debt_id)  # one change record, in the write's transaction
    await depth.refresh(state.database)
    assert depth.changes == before + 1  # the test app runs no dispatcher: nothing fanned out
    page = (await client.get("/metrics")).text
    assert _depth(page, "changes") >= 0
    assert _depth(page, "deliveries") >= 0
