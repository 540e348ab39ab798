"""The edge answers of issue 13: security headers, no slash redirect, a full Allow, a clean 500."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Request

from relance.app import create_app
from relance.config import Settings
from tests.asgi_scope import http_scope
from tests.conftest import Tenant

API = "/external-api/v1"


async def test_every_answer_carries_the_security_headers(client: httpx.AsyncClient) -> None:
    for response in (await client.get("/health"), await client.get("/nowhere")):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        assert "strict-transport-security" not in response.headers  # public URL is http here
        assert "server" not in response.headers


async def test_hsts_when_the_public_url_is_https(settings: Settings) -> None:
    app = create_app(settings.model_copy(update={"public_url": "https://api.example.com"}))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://x") as http:
            response = await http.get("/health")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


async def test_a_trailing_slash_is_a_404_never_a_redirect(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    response = await client.get(
        f"{API}/followups/", headers={**tenant.headers, "Host": "evil.example"}
    )
    assert response.status_code == 404
    assert "location" not in response.headers
    assert response.json() == {"error": True, "message": "Not found", "code": 404}


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/followups/abc", "GET, PUT"),
        ("PATCH", "/debts/abc", "DELETE, GET, PUT"),
        ("OPTIONS", "/debts", "GET, POST"),
        ("GET", "/debts/batch", None),  # GET of the id route: a 404, not a 405
        ("OPTIONS", "/debts/batch", "POST"),
    ],
)
async def test_405_names_every_method_of_the_resource(
    client: httpx.AsyncClient, tenant: Tenant, method: str, path: str, allow: str | None
) -> None:
    response = await client.request(method, API + path, headers=tenant.headers)
    if allow is None:
        assert response.status_code == 404
        return
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json()["code"] == 405


@pytest.fixture
async def failing_app(settings: Settings) -> AsyncIterator[FastAPI]:
    app = create_app(settings)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("a bug, not an input")

    async with app.router.lifespan_context(app):
        yield app


async def test_a_500_closes_the_connection_and_leaks_nothing(failing_app: FastAPI) -> None:
    transport = httpx.ASGITransport(app=failing_app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://x") as http:
        response = await http.get("/boom")
    assert response.status_code == 500
    assert response.headers["connection"] == "close"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.json() == {"error": True, "message": "Internal server error", "code": 500}


async def test_docs_and_redoc_load_nothing_from_elsewhere(client: httpx.AsyncClient) -> None:
    for page in ("/docs", "/redoc"):
        html = await client.get(page)
        assert html.status_code == 200
        assert "http://" not in html.text
        assert "https://" not in html.text
        assert "script-src 'self';" in html.headers["content-security-policy"]
        assert "<script>" not in html.text  # no inline script: the policy forbids them
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "swagger-init.js"):
            if page == "/docs":
                assert f"/docs/assets/{asset}" in html.text
                assert (await client.get(f"/docs/assets/{asset}")).status_code == 200
    redoc = await client.get("/docs/assets/redoc.standalone.js")
    assert redoc.status_code == 200
    assert len(redoc.content) > 100_000


def test_the_assets_ship_inside_installed_packages() -> None:
    from relance.http import docs

    names = {Path(directory).name for directory in docs.assets.all_directories}
    assert names == {"static"}
    for directory in docs.assets.all_directories:
        assert Path(directory).is_dir()


async def _leave_mid_body(
    app: FastAPI, method: str, path: str, headers: dict[str, str]
) -> list[Any]:
    """Call ``app`` as a server would for a client that sends part of its body and goes away."""
    messages = iter(
        [
            {"type": "http.request", "body": b'{"debt_id": ', "more_body": True},
            {"type": "http.disconnect"},
        ]
    )
    sent: list[Any] = []

    async def receive() -> Any:
        return next(messages, {"type": "http.disconnect"})

    async def send(message: Any) -> None:
        sent.append(message)

    scope = http_scope(method, path, headers) | {"state": {}}
    await app(scope, receive, send)  # raises nothing: a gone client is not a server error
    return sent


async def test_a_client_gone_mid_body_is_no_error_only_a_499_access_line(
    app: FastAPI, tenant: Tenant, caplog: pytest.LogCaptureFixture
) -> None:
    @app.post("/slurp")  # outside the fast lane: through FastAPI's own stack
    async def slurp(request: Request) -> None:
        await request.body()

    headers = {**tenant.headers, "Content-Type": "application/json", "Content-Length": "100"}
    with caplog.at_level(logging.INFO):
        await _leave_mid_body(app, "POST", f"{API}/followups", headers)
        await _leave_mid_body(app, "POST", "/slurp", headers)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    statuses = [
        getattr(r, "fields", {}).get("status") for r in caplog.records if r.name == "relance.access"
    ]
    assert statuses == [499, 499]
