"""Memory of the server under eight concurrent maximum-size posts (issue 13: eight 50 MB posts
took it from 122 MB to 838 MB). Bodies are refused past RELANCE_MAX_BODY_BYTES while they are
read, so the process never holds more than the limit per request."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx

from tests.attack.server import make_client, own_database, rss_bytes, serving

MAX_BODY = 4 * 1024 * 1024
POSTS = 8
MIB = 1024 * 1024


async def _post_all(base_url: str, headers: dict[str, str], bodies: list[bytes]) -> list[int]:
    async with httpx.AsyncClient(base_url=base_url, headers=headers, timeout=120) as http:
        responses = await asyncio.gather(
            *(
                http.post(
                    "/external-api/v1/debts",
                    content=body,
                    headers={"Content-Type": "application/json"},
                )
                for body in bodies
            )
        )
    return [response.status_code for response in responses]


def _body(size: int) -> bytes:
    """A debt whose summary pads the JSON to ``size`` bytes (refused: summary is too long)."""
    head = b'{"firstname": "A", "lastname": "B", "amount": 1, "currency": "EUR", "summary": "'
    tail = b'"}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def test_eight_maximum_size_posts_and_eight_oversized_ones(tmp_path: Path) -> None:
    with own_database(tmp_path) as env:
        env["RELANCE_MAX_BODY_BYTES"] = str(MAX_BODY)
        with serving(env, tmp_path) as server:
            credentials = make_client(server)
            before = rss_bytes(server.pid)
            at_limit = asyncio.run(
                _post_all(server.base_url, credentials.headers, [_body(MAX_BODY)] * POSTS)
            )
            after_limit = rss_bytes(server.pid)
            over = asyncio.run(
                _post_all(server.base_url, credentials.headers, [_body(50 * MIB)] * POSTS)
            )
            after_over = rss_bytes(server.pid)
    print(
        "memory:",
        json.dumps(
            {
                "rss_before_mib": round(before / MIB, 1),
                "rss_after_8_max_size_posts_mib": round(after_limit / MIB, 1),
                "rss_after_8_posts_of_50_mib_mib": round(after_over / MIB, 1),
            }
        ),
    )
    assert at_limit == [400] * POSTS  # parsed, then refused by field: summary too long
    assert over == [413] * POSTS
    assert after_limit - before < 150 * MIB
    assert after_over - after_limit < 30 * MIB
