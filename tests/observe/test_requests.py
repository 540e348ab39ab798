"""Every request: an X-Request-ID kept or made, one JSON access line, counted in /metrics under
its route template; the probes /health/live and /health/ready."""

from __future__ import annotations

import logging

import httpx
import orjson
import pytest

from relance.observe.access import UNMATCHED
from relance.observe.logs import JsonFormatter
from tests.conftest import Factory, Tenant

API = "/external-api/v1"


def _access_lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    formatter = JsonFormatter()
    return [
        orjson.loads(formatter.format(record))
        for record in caplog.records
        if record.name == "relance.access"
    ]


async def test_a_sane_incoming_request_id_is_kept_and_an_insane_one_replaced(
    client: httpx.AsyncClient,
) -> None:
    kept = await client.get("/health/live", headers={"X-Request-ID": "lb-7f3a.91:02"})
    assert kept.headers["x-request-id"] == "lb-7f3a.91:02"
    for hostile in ("a" * 129, "two words", 'x"}\n{"level":"error'):
        made = await client.get("/health/live", headers={"X-Request-ID": hostile})
        assert len(made.headers["x-request-id"]) == 32
    first, second = await client.get("/health/live"), await client.get("/health/live")
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_one_access_line_per_request_with_who_called_and_the_route_template(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, caplog: pytest.LogCaptureFixture
) -> None:
    debt_id = await factory.make_debt(tenant)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="relance.access"):
        answer = await client.get(
            f"{API}/debts/{debt_id}", headers={**tenant.headers, "X-Request-ID": "req-1"}
        )
        await client.get("/no/such/path")
    assert answer.status_code == 200
    line, unmatched = _access_lines(caplog)
    assert line["request_id"] == "req-1"
    assert line["method"] == "GET"
    assert line["route"] == f"{API}/debts/{{debt_id}}"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float)
    assert line["client_id"] == tenant.client_id
    assert line["company_id"] == tenant.public_company_id
    assert debt_id not in orjson.dumps(line).decode()  # the template, never the path
    assert (unmatched["route"], unmatched["status"], unmatched["client_id"]) == (
        UNMATCHED,
        404,
        None,
    )


async def test_metrics_count_requests_by_route_template_and_status(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    before = await client.get("/metrics")
    await client.get(f"{API}/debts/{debt_id}", headers=tenant.headers)
    await client.get(f"{API}/debts/{debt_id}", headers=tenant.headers)
    await client.get(f"{API}/debts/{debt_id}")  # 401
    after = await client.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    route = f'route="{API}/debts/{{debt_id}}"'

    def count(page: str, status: int) -> float:
        wanted = f'relance_http_requests_total{{method="GET",{route},status="{status}"}}'
        for row in page.splitlines():
            if row.startswith(wanted):
                return float(row.rsplit(" ", 1)[1])
        return 0.0

    assert count(after.text, 200) - count(before.text, 200) == 2
    assert count(after.text, 401) - count(before.text, 401) == 1
    assert f'relance_http_request_duration_seconds_bucket{{le="0.005",method="GET",{route}}}' in (
        after.text
    )
    for level in ("in_use", "idle", "waiting"):
        assert f'relance_db_pool_connections{{state="{level}"}}' in after.text
    for counter in ("rate_limit_refusals", "rate_limit_store_failures", "idempotent_replays"):
        assert f"relance_{counter}_total " in after.text


async def test_an_idempotent_replay_is_counted(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)

    def replays(page: str) -> float:
        [row] = [r for r in page.splitlines() if r.startswith("relance_idempotent_replays_total")]
        return float(row.rsplit(" ", 1)[1])

    before = replays((await client.get("/metrics")).text)
    headers = {**tenant.headers, "Idempotency-Key": "count-me"}
    body = {"debt_id": debt_id, "type": "call"}
    for _ in range(3):
        answer = await client.post(f"{API}/followups", json=body, headers=headers)
        assert answer.status_code == 201
    assert replays((await client.get("/metrics")).text) - before == 2


async def test_live_and_ready_probes(client: httpx.AsyncClient) -> None:
    live = await client.get("/health/live")
    assert (live.status_code, live.json()) == (200, {"status": "ok"})
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json()["status"] == "ready"
    assert ready.json()["migrations"]["up_to_date"] is True
    assert (await client.get("/health")).status_code == 200  # unchanged
