"""The one URL rule: what we store is safe to send back in a Location header."""

from __future__ import annotations

import httpx
import pytest

from relance.kit.urls import is_absolute_http_url
from tests.conftest import Factory, Tenant


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://cdn.example.com/rec/1.mp3?sig=a%20b", True),
        ("http://10.0.0.1:8080/x", True),
        ("ftp://example.com/a.mp3", False),
        ("/relative/path.mp3", False),
        ("https://exämple.com/a.mp3", False),  # non-ASCII cannot go out in a Location header
        ("https://example.com/a b.mp3", False),
        ("https://example.com/a\r\nSet-Cookie: x=1", False),
        ("https://" + "a" * 2050 + ".com", False),
        ("", False),
    ],
)
def test_absolute_http_url_rule(url: str, accepted: bool) -> None:
    assert is_absolute_http_url(url) is accepted


async def test_non_ascii_audio_url_is_refused_with_the_field_named(
    client: httpx.AsyncClient, factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    response = await client.post(
        "/external-api/v1/followups",
        json={"debt_id": debt_id, "audio_url": "https://exämple.com/a.mp3"},
        headers=tenant.headers,
    )
    assert response.status_code == 400
    assert response.json()["details"] == {"audio_url": "Must be an absolute http(s) URL"}
