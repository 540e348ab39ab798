"""GET /media/{token}: signed, expiring links; external recordings are a redirect."""

from __future__ import annotations

from datetime import timedelta

import httpx
from fastapi import FastAPI

from relance.kit.timestamps import utcnow
from tests.conftest import Factory, Tenant
from tests.followups.helpers import make_followup_ref
from tests.media.helpers import MP3, RawResponse, call_asgi
from tests.tracking.helpers import (
    path_of,
    spell_token,
    token_bytes,
    token_of,
)


async def test_external_recording_is_a_302_from_the_signed_link(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    external = "https://recordings.example/calls/123.mp3?sig=abc"
    ref = await make_followup_ref(factory, tenant, type="call", audio_url=external)
    url, _ = factory.state.media_links.link(tenant.company_id, ref.key, "audio", utcnow())
    response = await client.get(path_of(url))
    assert response.status_code == 302
    assert response.headers["location"] == external


async def test_expired_link_is_403(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, audio_url="https://r.example/a.mp3")
    made_at = utcnow() - timedelta(seconds=factory.state.media_links.ttl_seconds + 1)
    url, expires_at = factory.state.media_links.link(tenant.company_id, ref.key, "audio", made_at)
    assert expires_at < utcnow()
    response = await client.get(path_of(url))
    assert response.status_code == 403
    assert response.json() == {"error": True, "message": "This media link has expired", "code": 403}


async def test_altered_link_is_403(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, audio_url="https://r.example/a.mp3")
    url, _ = factory.state.media_links.link(tenant.company_id, ref.key, "audio", utcnow())
    token = token_of(url)
    for altered in (token[:-1] + ("A" if token[-1] != "A" else "B"), token[:20], token + "A"):
        response = await client.get(f"/media/{altered}")
        assert response.status_code == 403
        assert response.json()["message"] == "This media link is not valid"


async def test_link_of_one_followup_never_serves_another(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    """Splicing B's sealed ids into A's link breaks the signature: 403, no redirect to B's."""
    a = await make_followup_ref(factory, tenant, audio_url="https://r.example/a.mp3")
    b = await make_followup_ref(factory, tenant, audio_url="https://r.example/b.mp3")
    signer, now = factory.state.media_links, utcnow()
    raw_a = token_bytes(token_of(signer.link(tenant.company_id, a.key, "audio", now)[0]))
    raw_b = token_bytes(token_of(signer.link(tenant.company_id, b.key, "audio", now)[0]))
    spliced = raw_a[:10] + raw_b[10:26] + raw_a[26:]
    response = await client.get(f"/media/{spell_token(spliced)}")
    assert response.status_code == 403


async def test_tracking_token_is_not_a_media_link(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, audio_url="https://r.example/a.mp3")
    pixel = factory.state.tracking.pixel_url(tenant.company_id, ref.key)
    assert (await client.get(f"/media/{token_of(pixel)}")).status_code == 403


async def test_link_to_missing_media_is_404(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, audio_url="https://r.example/a.mp3")
    signer, now = factory.state.media_links, utcnow()
    pdf_url, _ = signer.link(tenant.company_id, ref.key, "pdf", now)
    response = await client.get(path_of(pdf_url))
    assert response.status_code == 404
    assert response.json()["message"] == "Media not found"
    # A link signed for another company is a row of the isolation matrix (cases_media.py).


def _same_headers_but_age(get: RawResponse, head: RawResponse) -> None:
    """max-age counts down to the link's expiry, so it may lose a second between two calls;
    each answer carries its own request's X-Request-ID."""
    got, headed = dict(get.headers), dict(head.headers)
    assert len(got.pop("x-request-id")) == len(headed.pop("x-request-id")) == 32
    get_age = int(got.pop("cache-control").removeprefix("private, max-age="))
    head_age = int(headed.pop("cache-control").removeprefix("private, max-age="))
    assert headed == got
    assert 0 <= get_age - head_age <= 1


async def test_head_answers_the_headers_of_get_without_a_body(
    app: FastAPI, client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    upload = await client.put(
        f"/external-api/v1/followups/{ref.public_id}/recording",
        content=MP3,
        headers={**tenant.headers, "Content-Type": "audio/mpeg"},
    )
    link = path_of(upload.json()["data"]["audio_url"])
    for asked, status, part in ((), 200, MP3), ((("range", "bytes=100-199"),), 206, MP3[100:200]):
        get = await call_asgi(app, "GET", link, dict(asked))
        head = await call_asgi(app, "HEAD", link, dict(asked))
        assert (get.status, get.body) == (status, part)
        assert (head.status, head.body) == (status, b"")
        _same_headers_but_age(get, head)
        assert head.headers["content-length"] == str(len(part))
        assert head.headers["content-type"] == "audio/mpeg"


async def test_head_of_an_external_recording_is_the_same_redirect(
    app: FastAPI, factory: Factory, tenant: Tenant
) -> None:
    ref = await make_followup_ref(factory, tenant, audio_url="https://r.example/a.mp3")
    url, _ = factory.state.media_links.link(tenant.company_id, ref.key, "audio", utcnow())
    get = await call_asgi(app, "GET", path_of(url), {})
    head = await call_asgi(app, "HEAD", path_of(url), {})
    assert (head.status, head.body) == (get.status, b"")
    assert head.status == 302
    assert head.headers.pop("x-request-id") != get.headers.pop("x-request-id")
    assert head.headers == get.headers
