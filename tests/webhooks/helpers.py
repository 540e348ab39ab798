"""Webhook test helpers: register an endpoint through the API, run a dispatcher in the test's
event loop until the deliveries are done, verify each delivery with ``standardwebhooks``."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
from standardwebhooks import Webhook

from relance.config import Settings
from relance.db.tx import Database
from relance.webhooks.dispatcher import Dispatcher
from relance.webhooks.targets import Resolver, system_resolver
from tests.conftest import Tenant
from tests.webhooks.receiver import Received

API = "/external-api/v1"


async def register(
    http: httpx.AsyncClient, tenant: Tenant, url: str, events: list[str] | None = None
) -> dict[str, Any]:
    body = {"url": url, "events": events or ["*"], "description": "test receiver"}
    answer = await http.post(f"{API}/webhooks", json=body, headers=tenant.headers)
    assert answer.status_code == 201, answer.text
    data: dict[str, Any] = answer.json()["data"]
    return data


def verified(received: Received, *secrets: str) -> dict[str, Any]:
    """The event, after ``standardwebhooks`` verified the delivery with each secret."""
    headers = {
        name: received.headers[name]
        for name in ("webhook-id", "webhook-timestamp", "webhook-signature")
    }
    for secret in secrets:
        Webhook(secret).verify(received.body, headers)
    event: dict[str, Any] = orjson.loads(received.body)
    assert event["id"] == received.headers["webhook-id"]
    return event


@contextlib.asynccontextmanager
async def dispatching(
    database: Database, settings: Settings, resolve: Resolver = system_resolver, **overrides: Any
) -> AsyncIterator[Dispatcher]:
    """A dispatcher in this event loop (short timings, private targets allowed), stopped after."""
    values = {
        "webhooks_allow_private": True,
        "webhook_poll_seconds": 0.05,
        "webhook_backoff_base": 0.2,
        **overrides,
    }
    dispatcher = Dispatcher(database, settings.model_copy(update=values), resolve)
    task = asyncio.create_task(dispatcher.run())
    try:
        yield dispatcher
    finally:
        dispatcher.stop()
        await asyncio.wait_for(task, 30)


async def eventually(condition: Any, timeout: float = 20.0) -> None:
    """Waits (yielding to the loop) until the async ``condition()`` is true."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await condition():
        assert asyncio.get_running_loop().time() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)
