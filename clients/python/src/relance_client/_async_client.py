"""``AsyncRelance``: the asyncio client."""

from __future__ import annotations

from types import TracebackType

import httpx

from relance_client._async_driver import AsyncDriver
from relance_client._core.options import credentials, exchange_settings
from relance_client.auth import ClientCredentials
from relance_client.rate_limit import RateLimit
from relance_client.resources import Debts, Followups, Payments, Stats, Webhooks
from relance_client.retry import RetryPolicy


class AsyncRelance:
    """The asyncio twin of :class:`~relance_client.Relance`: same arguments, same resources;
    operations are awaited and ``iter_all`` is iterated with ``async for``.

    Use it as an async context manager, or await :meth:`aclose`.
    """

    followups: Followups[AsyncDriver]
    debts: Debts[AsyncDriver]
    payments: Payments[AsyncDriver]
    webhooks: Webhooks[AsyncDriver]
    stats: Stats[AsyncDriver]

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str | None = None,
        timeout: float | httpx.Timeout = 30.0,
        retry: RetryPolicy | None = None,
        idempotency_keys: bool = True,
        token_refresh_margin: float = 60.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.auth: ClientCredentials = credentials(
            base_url, client_id, client_secret, scope, token_refresh_margin
        )
        self._settings = exchange_settings(
            base_url, timeout, retry or RetryPolicy(), idempotency_keys
        )
        self._http = httpx.AsyncClient(auth=self.auth, transport=transport, follow_redirects=False)
        driver = AsyncDriver(self._http, self._settings)
        self.followups = Followups(driver)
        self.debts = Debts(driver)
        self.payments = Payments(driver)
        self.webhooks = Webhooks(driver)
        self.stats = Stats(driver)

    @property
    def rate_limit(self) -> RateLimit | None:
        """The rate-limit state of the latest answer that announced it (None before)."""
        return self._settings.rate_limits.latest

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncRelance:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
