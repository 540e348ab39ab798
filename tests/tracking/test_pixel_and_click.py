"""Public tracking links: the pixel counts opens, click links count and redirect, bad links 404."""

from __future__ import annotations

import httpx

from relance.tracking.responses import PIXEL_GIF
from tests.conftest import Factory, Tenant
from tests.followups.helpers import followup_row, make_followup_ref
from tests.tracking.helpers import address, fetch_events, hit_from, make_email_followup, path_of

NO_CACHE = "no-store, no-cache, must-revalidate, private"


async def test_pixel_is_an_uncached_gif_and_counts_an_open(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    before = await followup_row(factory.state, ref.key)
    url = factory.state.tracking.pixel_url(tenant.company_id, ref.key)

    response = await client.get(path_of(url))

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/gif"
    assert response.content == PIXEL_GIF
    assert response.headers["cache-control"] == NO_CACHE
    assert response.headers["pragma"] == "no-cache"
    assert response.headers["expires"] == "0"
    after = await followup_row(factory.state, ref.key)
    assert after["email_open_count"] == 1
    assert after["email_first_opened_at"] is not None
    assert after["version"] == before["version"] + 1
    assert after["updated_at"] > before["updated_at"]
    events = await fetch_events(factory.state, ref.key)
    assert [(e["event"], e["event_id"]) for e in events] == [("email.opened", None)]


async def test_second_open_keeps_the_first_open_time(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    url = path_of(factory.state.tracking.pixel_url(tenant.company_id, ref.key))
    await hit_from(factory.app, url, address(1))
    first = (await followup_row(factory.state, ref.key))["email_first_opened_at"]
    await hit_from(factory.app, url, address(2))
    row = await followup_row(factory.state, ref.key)
    assert row["email_open_count"] == 2
    assert row["email_first_opened_at"] == first


async def test_repeated_hits_from_one_address_count_once_within_the_window(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    signer = factory.state.tracking
    pixel = path_of(signer.pixel_url(tenant.company_id, ref.key))
    click = path_of(signer.click_url(tenant.company_id, ref.key, "https://a.example/x"))

    pixels = [await client.get(pixel) for _ in range(5)]
    clicks = [await client.get(click) for _ in range(5)]

    # Each repeat gets the same answer, the GIF or the redirect, and counts nothing.
    assert {(r.status_code, r.content) for r in pixels} == {(200, PIXEL_GIF)}
    assert {(r.status_code, r.headers["location"]) for r in clicks} == {
        (302, "https://a.example/x")
    }
    row = await followup_row(factory.state, ref.key)
    assert (row["email_open_count"], row["email_click_count"]) == (1, 1)
    assert len(await fetch_events(factory.state, ref.key)) == 2
    other = await hit_from(factory.app, pixel, "192.0.2.7")
    assert other.status_code == 200
    assert (await followup_row(factory.state, ref.key))["email_open_count"] == 2


async def test_pixel_gif_is_a_valid_one_pixel_image() -> None:
    assert PIXEL_GIF.startswith(b"GIF89a")
    assert int.from_bytes(PIXEL_GIF[6:8], "little") == 1
    assert int.from_bytes(PIXEL_GIF[8:10], "little") == 1
    assert PIXEL_GIF.endswith(b";")


async def test_bad_pixel_token_is_404_with_the_gif(client: httpx.AsyncClient) -> None:
    response = await client.get("/t/o/not-a-token")
    assert response.status_code == 404
    assert response.headers["content-type"] == "image/gif"
    assert response.content == PIXEL_GIF
    assert response.headers["cache-control"] == NO_CACHE


async def test_tampered_pixel_token_counts_nothing(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    path = path_of(factory.state.tracking.pixel_url(tenant.company_id, ref.key))
    tampered = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    response = await client.get(tampered)
    assert response.status_code == 404
    assert response.content == PIXEL_GIF
    assert (await followup_row(factory.state, ref.key))["email_open_count"] == 0


async def test_click_counts_and_redirects_to_the_signed_target(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    target = "https://pay.example/invoice/12?ref=a%20b&lang=fr"
    url = factory.state.tracking.click_url(tenant.company_id, ref.key, target)

    response = await client.get(path_of(url))

    assert response.status_code == 302
    assert response.headers["location"] == target
    assert response.headers["cache-control"] == NO_CACHE
    row = await followup_row(factory.state, ref.key)
    assert (row["email_click_count"], row["email_open_count"]) == (1, 0)
    assert row["version"] == 2
    events = await fetch_events(factory.state, ref.key)
    assert [(e["event"], e["event_id"]) for e in events] == [("email.clicked", None)]


async def test_click_ignores_any_url_in_the_query(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    url = factory.state.tracking.click_url(tenant.company_id, ref.key, "https://pay.example/")
    evil = "https://evil.example/"
    query = {"url": evil, "redirect": evil, "next": evil, "target": evil}
    response = await client.get(path_of(url), params=query)
    assert response.status_code == 302
    assert response.headers["location"] == "https://pay.example/"


async def test_tampered_click_token_is_plain_404_without_redirect(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    url = factory.state.tracking.click_url(tenant.company_id, ref.key, "https://pay.example/")
    token = url.rsplit("/", 1)[1]
    flipped = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    response = await client.get(f"/t/c/{flipped}", params={"url": "https://evil.example/"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")
    assert "location" not in response.headers
    assert "error" not in response.text
    assert (await followup_row(factory.state, ref.key))["email_click_count"] == 0


async def test_pixel_token_on_click_route_is_404(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_email_followup(factory, tenant)
    token = factory.state.tracking.pixel_url(tenant.company_id, ref.key).rsplit("/", 1)[1]
    response = await client.get(f"/t/c/{token}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/plain")


async def test_links_of_a_followup_no_longer_email_count_nothing(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    signer = factory.state.tracking
    pixel = await client.get(path_of(signer.pixel_url(tenant.company_id, ref.key)))
    click = await client.get(
        path_of(signer.click_url(tenant.company_id, ref.key, "https://a.example/"))
    )
    assert (pixel.status_code, pixel.content) == (404, PIXEL_GIF)
    assert click.status_code == 404
    row = await followup_row(factory.state, ref.key)
    assert (row["email_open_count"], row["email_click_count"], row["version"]) == (0, 0, 1)
    assert await fetch_events(factory.state, ref.key) == []


async def test_token_naming_the_wrong_company_counts_nothing(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    other = await factory.make_tenant(name="Other")
    ref = await make_email_followup(factory, tenant)
    # Signed by us, but naming another company than the followup's: never counted.
    url = factory.state.tracking.pixel_url(other.company_id, ref.key)
    response = await client.get(path_of(url))
    assert response.status_code == 404
    assert (await followup_row(factory.state, ref.key))["email_open_count"] == 0
