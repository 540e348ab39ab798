"""GET /health and the error envelope for routing and framework-level errors."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, Request

from relance import __version__
from relance.db import migrate
from relance.http.body import read_json_object
from tests.conftest import Tenant


async def test_health_reports_database_migration_and_version(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["version"] == __version__
    assert body["database"]["reachable"] is True
    assert body["migrations"] == {
        "current": migrate.head_revision(),
        "head": migrate.head_revision(),
        "up_to_date": True,
    }


async def test_unknown_route_is_404_envelope(client: httpx.AsyncClient) -> None:
    response = await client.get("/external-api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": True, "message": "Not found", "code": 404}


async def test_wrong_method_is_405_envelope_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.delete("/health")
    assert response.status_code == 405
    assert response.json() == {"error": True, "message": "Method not allowed", "code": 405}
    assert "GET" in response.headers["allow"]


async def test_internal_error_is_hidden_and_logged(
    app: FastAPI, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    response = await client.get("/boom")
    assert response.status_code == 500
    assert response.json() == {"error": True, "message": "Internal server error", "code": 500}
    assert "hunter2" not in response.text
    assert "secret internals" in caplog.text


async def test_missing_token_is_401_with_bearer_challenge(client: httpx.AsyncClient) -> None:
    response = await client.get("/external-api/v1/followups")
    assert response.status_code == 401
    assert response.json() == {
        "error": True,
        "message": "Authentication credentials are missing or invalid",
        "code": 401,
    }
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_json_body_errors(app: FastAPI, client: httpx.AsyncClient, tenant: Tenant) -> None:
    @app.post("/echo")
    async def echo(request: Request) -> dict[str, object]:
        return await read_json_object(request)

    bad = await client.post(
        "/echo", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert bad.status_code == 400
    assert bad.json() == {"error": True, "message": "Invalid JSON payload", "code": 400}
    array = await client.post("/echo", json=[1, 2])
    assert array.json()["message"] == "Invalid JSON payload"
    text = await client.post("/echo", content=b"a=b", headers={"content-type": "text/plain"})
    assert text.status_code == 415
    assert text.json()["code"] == 415
