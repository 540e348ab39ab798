"""AsyncRelance: the same resources and core, driven by httpx.AsyncClient."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from relance_client import AsyncRelance, Followup, NotFoundError, ValidationError

from conftest import FAST_RETRY, WAV
from loopback_proxy import LoopbackProxy
from relance_server import Credentials


async def test_the_async_client_creates_reads_walks_and_uploads(
    async_client: AsyncRelance,
) -> None:
    debt = await async_client.debts.create(
        firstname="Ana", lastname="Sousa", amount="99.99", currency="EUR", email="a@example.com"
    )
    assert debt.amount == Decimal("99.99")
    created = [
        await async_client.followups.create(debt_id=debt.id, type="email", status="sent")
        for _ in range(3)
    ]
    fetched = await async_client.followups.get(created[0].id)
    assert isinstance(fetched, Followup)
    assert fetched.id == created[0].id
    walked = [f.id async for f in async_client.followups.iter_all(debt_id=debt.id, limit=2)]
    assert sorted(walked) == sorted(f.id for f in created)
    uploaded = await async_client.followups.upload_recording(created[0].id, WAV)
    assert uploaded.audio_url is not None


async def test_async_errors_carry_the_envelope(async_client: AsyncRelance) -> None:
    with pytest.raises(NotFoundError):
        await async_client.debts.get("nope")
    with pytest.raises(ValidationError) as caught:
        await async_client.debts.create(firstname="only")
    assert {"lastname", "amount", "currency"} <= caught.value.details.keys()


async def test_async_retries_a_post_with_its_key(
    proxy: LoopbackProxy, credentials: Credentials
) -> None:
    proxy.answer_next(1, 503)
    async with AsyncRelance(
        proxy.base_url, credentials.client_id, credentials.client_secret, retry=FAST_RETRY
    ) as client:
        debt = await client.debts.create(
            firstname="R", lastname="T", amount="1", currency="EUR", phone="0612345678"
        )
    posts = proxy.api_requests()
    assert [seen.status for seen in posts] == [503, 201]
    assert posts[0].headers["idempotency-key"] == posts[1].headers["idempotency-key"]
    assert debt.lastname == "T"


async def test_concurrent_first_calls_fetch_one_token(
    proxy: LoopbackProxy, credentials: Credentials
) -> None:
    async with AsyncRelance(
        proxy.base_url, credentials.client_id, credentials.client_secret
    ) as client:
        pages = await asyncio.gather(*(client.debts.list(limit=1) for _ in range(5)))
    assert len(pages) == 5
    assert len(proxy.token_requests()) == 1
