"""What ``Relance`` and ``AsyncRelance`` share: credentials, settings, resources, rate limit.

Each client keeps its own ``__init__`` (its signature names its own transport type) and opens
its own httpx client; everything else is built here once."""

from __future__ import annotations

from typing import Generic

import httpx

from relance_client._core.exchange import ExchangeSettings
from relance_client._core.methods import D
from relance_client._core.options import credentials, exchange_settings
from relance_client.auth import ClientCredentials
from relance_client.rate_limit import RateLimit
from relance_client.resources import Debts, Followups, Payments, Stats, Webhooks
from relance_client.retry import RetryPolicy


class ClientBase(Generic[D]):
    auth: ClientCredentials
    followups: Followups[D]
    debts: Debts[D]
    payments: Payments[D]
    webhooks: Webhooks[D]
    stats: Stats[D]
    _settings: ExchangeSettings

    def _configure(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        scope: str | None,
        timeout: float | httpx.Timeout,
        retry: RetryPolicy | None,
        idempotency_keys: bool,
        token_refresh_margin: float,
    ) -> None:
        self.auth = credentials(base_url, client_id, client_secret, scope, token_refresh_margin)
        self._settings = exchange_settings(
            base_url, timeout, retry or RetryPolicy(), idempotency_keys
        )

    def _attach(self, driver: D) -> None:
        self.followups = Followups(driver)
        self.debts = Debts(driver)
        self.payments = Payments(driver)
        self.webhooks = Webhooks(driver)
        self.stats = Stats(driver)

    @property
    def rate_limit(self) -> RateLimit | None:
        """The rate-limit state of the latest answer that announced it (None before)."""
        return self._settings.rate_limits.latest
