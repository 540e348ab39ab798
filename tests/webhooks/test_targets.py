"""The SSRF guard of SPEC 8: https only, public addresses only, at registration and again after
DNS resolution at every delivery (private targets are not allowed in this module)."""

from __future__ import annotations

import dataclasses
import ipaddress

import httpx
import pytest
from fastapi import FastAPI

from relance.config import Settings
from relance.webhooks.targets import NOT_PUBLIC, is_public
from tests.conftest import Tenant
from tests.webhooks.helpers import API, dispatching, eventually
from tests.webhooks.receiver import Receiver


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"webhooks_allow_private": False})


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.216.34", True),
        ("2606:2800:220:1:248:1893:25c8:1946", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("fd00:ec2::254", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:169.254.169.254", False),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://93.184.216.34/hooks", "Must be an https:// URL"),
        ("ftp://93.184.216.34/hooks", "Must be an https:// URL"),
        ("https://127.0.0.1/hooks", NOT_PUBLIC),
        ("https://localhost:8443/hooks", NOT_PUBLIC),
        ("https://10.0.0.5/hooks", NOT_PUBLIC),
        ("https://169.254.169.254/latest/meta-data", NOT_PUBLIC),
        ("https://[::1]/hooks", NOT_PUBLIC),
        ("https://[fd00:ec2::254]/hooks", NOT_PUBLIC),
        ("https:///hooks", "Must be an absolute URL with a host"),
        ("not a url", "Must be an https:// URL"),
    ],
)
async def test_registration_refuses_private_targets(
    client: httpx.AsyncClient, tenant: Tenant, url: str, message: str
) -> None:
    answer = await client.post(
        f"{API}/webhooks", json={"url": url, "events": ["*"]}, headers=tenant.headers
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["details"] == {"url": message}


async def test_a_name_that_turns_private_is_refused_at_delivery(
    app: FastAPI,
    client: httpx.AsyncClient,
    tenant: Tenant,
    settings: Settings,
    receiver: Receiver,
) -> None:
    """Registered while ``localhost`` (staged) resolved to a public address; at delivery the
    system resolver answers 127.0.0.1, where the receiver listens: nothing is sent."""

    async def public_dns(_host: str, _port: int) -> list[str]:
        return ["93.184.216.34"]

    state = app.state.relance
    app.state.relance = dataclasses.replace(state, resolver=public_dns)
    url = f"https://localhost:{receiver.port}/hooks"
    made = await client.post(
        f"{API}/webhooks", json={"url": url, "events": ["*"]}, headers=tenant.headers
    )
    assert made.status_code == 201, made.text
    hook = made.json()["data"]
    queued = await client.post(f"{API}/webhooks/{hook['id']}/test", headers=tenant.headers)
    deliveries = f"{API}/webhooks/{hook['id']}/deliveries"

    async def attempted() -> bool:
        log = (await client.get(deliveries, headers=tenant.headers)).json()["data"]
        return bool(log) and log[0]["attempts"] >= 1

    async with dispatching(state.database, settings, webhooks_allow_private=False):
        await eventually(attempted)
    log = (await client.get(deliveries, headers=tenant.headers)).json()["data"]
    assert log[0]["id"] == queued.json()["data"]["id"]
    assert log[0]["status"] == "failed"
    assert log[0]["last_error"] == f"target refused: {NOT_PUBLIC}"
    assert receiver.requests() == []
    # Its retries would go on for 24 hours in the shared test database: end them.
    await client.delete(f"{API}/webhooks/{hook['id']}", headers=tenant.headers)
