"""Builds the app per backend (migrated by Alembic, never create_all) and small make_* helpers."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from relance.app import create_app
from relance.auth import repository as auth_repository
from relance.auth.scopes import ALL_SCOPES
from relance.auth.secrets import hash_secret, new_client_id, new_secret
from relance.config import Settings
from relance.db import migrate
from relance.db.transaction import write_transaction
from relance.debts.repository import DebtRepository
from relance.kit.ids import IdKind
from relance.kit.timestamps import utcnow
from relance.state import AppState
from tests import backends

# Fixtures shared by several test packages.
pytest_plugins = ["tests.cli.helpers", "tests.media.helpers"]

TEST_SECRET = "test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if backends.backend() == "postgresql":
        url = backends.postgres_url()
        try:
            backends.ensure_postgres_database(url)
        except Exception as error:  # CI=true must fail, never skip, when PostgreSQL is down
            pytest.exit(f"PostgreSQL test database unreachable at {url}: {error}", returncode=3)
        backends.reset_postgres_schema(url)
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'relance-test.db'}"
    migrate.upgrade(url)
    return url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        secret_key=TEST_SECRET,
        public_url="http://testserver",
        revocation_refresh_seconds=0.05,
        db_pool_size=5,
        # Tests that deliver start a dispatcher themselves (tests/webhooks/).
        webhooks_in_process=False,
        _env_file=None,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@dataclass
class Tenant:
    """A company with one API client and a token holding the given scopes."""

    company_id: int
    public_company_id: str
    client_id: str
    client_secret: str
    token: str
    scopes: list[str] = field(default_factory=list)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


class Factory:
    """make_* helpers that go through the real repositories and token endpoint."""

    def __init__(self, app: FastAPI, client: httpx.AsyncClient) -> None:
        self.app = app
        self.http = client
        self.state: AppState = app.state.relance

    async def make_tenant(self, scopes: list[str] | None = None, name: str = "Acme") -> Tenant:
        scopes = list(ALL_SCOPES) if scopes is None else scopes
        client_id, secret = new_client_id(), new_secret()
        async with write_transaction(self.state.database) as tx:
            company = await auth_repository.insert_company(tx, name, utcnow())
            await auth_repository.insert_client(
                tx,
                company_id=company["id"],
                client_id=client_id,
                secret_hash=hash_secret(secret),
                name="test client",
                scopes=" ".join(scopes),
                now=utcnow(),
            )
        token = await self.fetch_token(client_id, secret)
        public = self.state.ids.encode(IdKind.COMPANY, company["id"])
        return Tenant(company["id"], public, client_id, secret, token, scopes)

    async def fetch_token(self, client_id: str, secret: str, scope: str | None = None) -> str:
        form = {"grant_type": "client_credentials", "client_id": client_id}
        form["client_secret"] = secret
        if scope is not None:
            form["scope"] = scope
        response = await self.http.post("/token", data=form)
        assert response.status_code == 200, response.text
        return str(response.json()["access_token"])

    async def make_debt(self, tenant: Tenant, **values: Any) -> str:
        """Creates a debt through the debts repository; returns its public id."""
        defaults: dict[str, Any] = {
            "firstname": "Jean",
            "lastname": "Dupont",
            "email": "jean.dupont@example.com",
            "amount_cents": 150000,
            "currency": "EUR",
        }
        async with write_transaction(self.state.database) as tx:
            key = await DebtRepository(tx, tenant.company_id).insert({**defaults, **values})
        return self.state.ids.encode(IdKind.DEBT, key)

    async def make_followup(self, tenant: Tenant, debt_id: str, **values: Any) -> dict[str, Any]:
        """Creates a followup through POST /followups; returns the response's data object."""
        body = {"debt_id": debt_id, **values}
        response = await self.http.post(
            "/external-api/v1/followups", json=body, headers=tenant.headers
        )
        assert response.status_code == 201, response.text
        data: dict[str, Any] = response.json()["data"]
        return data


@pytest.fixture
def factory(app: FastAPI, client: httpx.AsyncClient) -> Factory:
    return Factory(app, client)


@pytest.fixture
async def tenant(factory: Factory) -> Tenant:
    return await factory.make_tenant()


def pytest_report_header() -> str:
    return f"relance test backend: {backends.backend()} (CI={os.environ.get('CI', '')})"
