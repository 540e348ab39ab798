"""The settings both clients build from their constructor arguments."""

from __future__ import annotations

import httpx

from relance_client._core.exchange import ExchangeSettings
from relance_client.auth import ClientCredentials
from relance_client.rate_limit import RateLimitTracker
from relance_client.retry import RetryPolicy


def exchange_settings(
    base_url: str, timeout: float | httpx.Timeout, retry: RetryPolicy, idempotency_keys: bool
) -> ExchangeSettings:
    return ExchangeSettings(
        base_url=base_url.rstrip("/"),
        timeout=timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout),
        retry=retry,
        idempotency_keys=idempotency_keys,
        rate_limits=RateLimitTracker(),
    )


def credentials(
    base_url: str, client_id: str, client_secret: str, scope: str | None, refresh_margin: float
) -> ClientCredentials:
    token_url = base_url.rstrip("/") + "/token"
    return ClientCredentials(
        token_url, client_id, client_secret, scope=scope, refresh_margin=refresh_margin
    )
