"""SPEC 7: with the shared store unreachable the API keeps serving, says so once in the log,
and counts what it served unchecked; never a 500."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import FastAPI

from relance.config import Settings
from relance.state import AppState
from tests.cli.helpers import free_port
from tests.conftest import Tenant
from tests.ratelimit.helpers import FOLLOWUPS


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Nothing listens there: every attempt to reach the store fails at once.
    return settings.model_copy(update={"redis_url": f"redis://127.0.0.1:{free_port()}/0"})


async def test_an_unreachable_store_fails_open(
    app: FastAPI, client: httpx.AsyncClient, tenant: Tenant, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="relance.ratelimit"):
        answers = [await client.get(FOLLOWUPS, headers=tenant.headers) for _ in range(5)]
    assert [answer.status_code for answer in answers] == [200] * 5
    assert all("x-ratelimit-limit" not in answer.headers for answer in answers)
    state: AppState = app.state.relance
    assert state.rate_guard.store_failures >= 5
    # Once per quiet period, not once per request: the token request of the tenant fixture met
    # the outage first.
    records = [*caplog.get_records("setup"), *caplog.records]
    warnings = [r for r in records if "rate-limit store unreachable" in r.getMessage()]
    assert len(warnings) == 1
