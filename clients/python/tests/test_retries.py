"""Retries, through a real loopback proxy that answers 429 / 503 before forwarding."""

from __future__ import annotations

import time
import uuid

import pytest

from relance_client import Debt, RateLimitError, Relance, RetryPolicy, ServerError

from conftest import FAST_RETRY
from loopback_proxy import LoopbackProxy
from relance_server import Credentials

RATE_HEADERS = {
    "X-RateLimit-Limit": "500",
    "X-RateLimit-Remaining": "0",
    "X-RateLimit-Reset": "1900000000",
    "X-RateLimit-Window": "3600",
}


def test_a_429_is_retried_after_retry_after(
    proxied: Relance, proxy: LoopbackProxy, debt: Debt
) -> None:
    proxy.answer_next(
        1,
        429,
        {"Retry-After": "1", **RATE_HEADERS},
        "Rate limit exceeded",
        {"retry_after": 1, "limit": 500, "reset_time": 1900000000},
    )
    started = time.monotonic()
    assert proxied.debts.get(debt.id).id == debt.id
    assert time.monotonic() - started >= 1.0
    first, second = proxy.api_requests()
    assert (first.status, second.status) == (429, 200)
    assert second.at - first.at >= 1.0  # the wait the server asked for, not the short backoff
    limit = proxied.rate_limit  # the state of the last answer: the server's own 200
    assert limit is not None
    assert (limit.limit, limit.window) == (1000, 3600)  # SPEC 7's default read limit
    assert 0 <= limit.remaining < 1000


def test_a_post_with_the_sdk_key_is_retried_with_the_same_key(
    proxied: Relance, proxy: LoopbackProxy, debt: Debt
) -> None:
    proxy.answer_next(2, 503)
    followup = proxied.followups.create(debt_id=debt.id, summary="once")
    posts = [seen for seen in proxy.api_requests() if seen.method == "POST"]
    assert [seen.status for seen in posts] == [503, 503, 201]
    keys = {seen.headers["idempotency-key"] for seen in posts}
    assert len(keys) == 1
    assert uuid.UUID(keys.pop()).version == 4
    assert [f.id for f in proxied.followups.list(debt_id=debt.id)] == [followup.id]


def test_each_logical_post_gets_its_own_key(
    proxied: Relance, proxy: LoopbackProxy, debt: Debt
) -> None:
    proxied.followups.create(debt_id=debt.id)
    proxied.followups.create(debt_id=debt.id)
    keys = [seen.headers["idempotency-key"] for seen in proxy.api_requests()]
    assert len(set(keys)) == 2


def test_a_post_without_a_key_is_not_retried_on_503(
    proxy: LoopbackProxy, credentials: Credentials, debt: Debt
) -> None:
    proxy.answer_next(1, 503)
    with (
        Relance(
            proxy.base_url,
            credentials.client_id,
            credentials.client_secret,
            retry=FAST_RETRY,
            idempotency_keys=False,
        ) as client,
        pytest.raises(ServerError) as caught,
    ):
        client.followups.create(debt_id=debt.id)
    (post,) = proxy.api_requests()
    assert "idempotency-key" not in post.headers
    assert (caught.value.code, caught.value.message) == (503, "Service unavailable")


def test_a_post_without_a_key_is_still_retried_on_429(
    proxy: LoopbackProxy, credentials: Credentials, debt: Debt
) -> None:
    # SPEC 7: a request refused over the limit wrote nothing, so sending it again is safe.
    proxy.answer_next(1, 429, {"Retry-After": "0"}, "Rate limit exceeded")
    with Relance(
        proxy.base_url,
        credentials.client_id,
        credentials.client_secret,
        retry=FAST_RETRY,
        idempotency_keys=False,
    ) as client:
        created = client.followups.create(debt_id=debt.id)
    assert [seen.status for seen in proxy.api_requests()] == [429, 201]
    assert created.debt_id == debt.id


def test_a_get_is_retried_on_5xx_then_the_error_is_raised(
    proxied: Relance, proxy: LoopbackProxy, debt: Debt
) -> None:
    proxy.answer_next(FAST_RETRY.max_retries + 1, 502, message="Bad gateway")
    with pytest.raises(ServerError) as caught:
        proxied.debts.get(debt.id)
    assert caught.value.code == 502
    assert len(proxy.api_requests()) == FAST_RETRY.max_retries + 1


def test_a_persistent_429_raises_rate_limit_error_with_the_envelope(
    proxied: Relance, proxy: LoopbackProxy
) -> None:
    details = {"retry_after": 0, "limit": 500, "reset_time": 1900000000}
    proxy.answer_next(4, 429, {"Retry-After": "0"}, "Rate limit exceeded", details)
    with pytest.raises(RateLimitError) as caught:
        proxied.debts.list()
    error = caught.value
    assert (error.code, error.message, error.details) == (429, "Rate limit exceeded", details)
    assert error.retry_after == 0
    assert len(proxy.api_requests()) == 4


def test_a_retry_after_beyond_the_policy_is_not_waited_for(
    proxy: LoopbackProxy, credentials: Credentials
) -> None:
    proxy.answer_next(1, 429, {"Retry-After": "3600"}, "Rate limit exceeded")
    policy = RetryPolicy(max_retry_after=5)
    with (
        Relance(
            proxy.base_url, credentials.client_id, credentials.client_secret, retry=policy
        ) as c,
        pytest.raises(RateLimitError) as caught,
    ):
        c.debts.list()
    assert caught.value.retry_after == 3600
    assert len(proxy.api_requests()) == 1
