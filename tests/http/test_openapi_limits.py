"""The OpenAPI document tells SPEC 7 and 9: 429 and the rate headers on authenticated
operations, the Idempotency-Key header and 422 on their POSTs, none of it on public ones."""

from __future__ import annotations

import httpx


async def test_limits_and_keys_are_documented(client: httpx.AsyncClient) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    create = paths["/external-api/v1/followups"]["post"]
    assert "429" in create["responses"]
    assert "422" in create["responses"]
    created = create["responses"]["201"]["headers"]
    assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "Idempotent-Replayed"} <= set(created)
    key = [p for p in create["parameters"] if p["name"] == "Idempotency-Key"]
    assert key == [
        {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "description": key[0]["description"],
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
        }
    ]
    listing = paths["/external-api/v1/followups"]["get"]
    assert "429" in listing["responses"]
    assert all(p["name"] != "Idempotency-Key" for p in listing.get("parameters", []))
    for public in ("/health", "/t/o/{token}", "/media/{token}"):
        for operation in paths[public].values():
            assert "429" not in operation["responses"]
    throttled = paths["/token"]["post"]["responses"]["429"]
    assert "Retry-After" in throttled["headers"]
    assert "X-RateLimit-Limit" not in throttled["headers"]
