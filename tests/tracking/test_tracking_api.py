"""GET /followups/{id}/tracking and POST /followups/{id}/tracking/links."""

from __future__ import annotations

import httpx
import pytest

from relance.kit.ids import IdKind
from tests.conftest import Factory, Tenant
from tests.followups.helpers import followup_row, make_followup_ref
from tests.tracking.helpers import make_email_followup, path_of

API = "/external-api/v1"


async def test_tracking_info_gives_a_working_pixel(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    response = await client.get(f"{API}/followups/{ref.public_id}/tracking", headers=tenant.headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["error"] is False
    data = body["data"]
    assert data["followup_id"] == ref.public_id
    assert data["pixel_url"].startswith("http://testserver/t/o/")
    assert data["pixel_url"] in data["pixel_html"]
    assert data["click_links_url"] == (
        f"http://testserver{API}/followups/{ref.public_id}/tracking/links"
    )
    assert data["email_open_count"] == 0
    assert data["email_opened"] is False

    assert (await client.get(path_of(data["pixel_url"]))).status_code == 200
    again = await client.get(f"{API}/followups/{ref.public_id}/tracking", headers=tenant.headers)
    assert again.json()["data"]["email_open_count"] == 1
    assert again.json()["data"]["email_opened"] is True


async def test_click_links_redirect_to_each_url(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    urls = ["https://pay.example/a?x=1", "http://docs.example/b#part"]
    url = f"{API}/followups/{ref.public_id}/tracking/links"
    response = await client.post(url, json={"urls": urls}, headers=tenant.headers)
    assert response.status_code == 200, response.text
    links = response.json()["data"]["links"]
    assert [link["url"] for link in links] == urls
    for link in links:
        hit = await client.get(path_of(link["tracking_url"]))
        assert hit.status_code == 302
        assert hit.headers["location"] == link["url"]
    assert (await followup_row(factory.state, ref.key))["email_click_count"] == 2


@pytest.mark.parametrize(
    ("body", "details"),
    [
        ({"urls": []}, {"urls": "At least one URL is required"}),
        ({}, {"urls": "Field is required"}),
        ({"urls": "https://a.example"}, {"urls": "Must be a list"}),
        (
            {"urls": ["https://ok.example", "javascript:alert(1)", "/relative", 3]},
            {
                "urls.1": "Must be an absolute http(s) URL of at most 2048 characters",
                "urls.2": "Must be an absolute http(s) URL of at most 2048 characters",
                "urls.3": "Must be a string",
            },
        ),
        (
            {"urls": ["https://a.example/" + "x" * 2048]},
            {"urls.0": "Must be an absolute http(s) URL of at most 2048 characters"},
        ),
        (
            {"urls": [f"https://a.example/{i}" for i in range(101)]},
            {"urls": "At most 100 URLs per request"},
        ),
        ({"urls": ["https://a.example"], "extra": 1}, {"extra": "Unknown field"}),
    ],
)
async def test_click_links_validation(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    body: dict[str, object],
    details: dict[str, str],
) -> None:
    ref = await make_email_followup(factory, tenant)
    response = await client.post(
        f"{API}/followups/{ref.public_id}/tracking/links", json=body, headers=tenant.headers
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": True,
        "message": "Validation failed",
        "code": 400,
        "details": details,
    }


async def test_hundred_urls_are_accepted(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    urls = [f"https://a.example/{i}" for i in range(100)]
    url = f"{API}/followups/{ref.public_id}/tracking/links"
    response = await client.post(url, json={"urls": urls}, headers=tenant.headers)
    assert response.status_code == 200
    assert len(response.json()["data"]["links"]) == 100


@pytest.mark.parametrize("method", ["GET tracking", "POST links", "POST events"])
async def test_tracking_a_non_email_followup_is_409_naming_its_type(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, method: str
) -> None:
    ref = await make_followup_ref(factory, tenant, type="sms")
    response = await _call(client, tenant, method, ref.public_id)
    assert response.status_code == 409
    assert response.json() == {
        "error": True,
        "message": 'Tracking is only available for email followups; this followup has type "sms"',
        "code": 409,
    }


@pytest.mark.parametrize("method", ["GET tracking", "POST links", "POST events"])
async def test_malformed_unknown_and_debt_ids_are_404(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, method: str
) -> None:
    debt_id = await factory.make_debt(tenant)
    unknown = factory.state.ids.encode(IdKind.FOLLOWUP, 999_999)
    for followup_id in ("nope", unknown, debt_id):
        response = await _call(client, tenant, method, followup_id)
        assert response.status_code == 404
        assert response.json() == {"error": True, "message": "Followup not found", "code": 404}


@pytest.mark.parametrize(
    ("method", "scope"),
    [
        ("GET tracking", "followups:read"),
        ("POST links", "followups:write"),
        ("POST events", "followups:write"),
    ],
)
async def test_tracking_endpoints_need_their_scope(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant, method: str, scope: str
) -> None:
    ref = await make_email_followup(factory, tenant)
    others = [s for s in tenant.scopes if s != scope]
    limited = await factory.make_tenant(scopes=others)
    response = await _call(client, limited, method, ref.public_id)
    assert response.status_code == 403
    assert response.json()["message"] == f'Required scope "{scope}" not found in token'
    assert (await client.get(f"{API}/followups/{ref.public_id}/tracking")).status_code == 401


async def _call(
    client: httpx.AsyncClient, tenant: Tenant, method: str, followup_id: str
) -> httpx.Response:
    base = f"{API}/followups/{followup_id}"
    if method == "GET tracking":
        return await client.get(f"{base}/tracking", headers=tenant.headers)
    if method == "POST links":
        body = {"urls": ["https://a.example/"]}
        return await client.post(f"{base}/tracking/links", json=body, headers=tenant.headers)
    event = {"event": "email.opened", "event_id": "evt-1"}
    return await client.post(f"{base}/events", json=event, headers=tenant.headers)
