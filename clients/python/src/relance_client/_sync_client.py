"""``Relance``: the blocking client."""

from __future__ import annotations

from types import TracebackType

import httpx

from relance_client._core.options import credentials, exchange_settings
from relance_client._sync_driver import SyncDriver
from relance_client.auth import ClientCredentials
from relance_client.rate_limit import RateLimit
from relance_client.resources import Debts, Followups, Payments, Stats, Webhooks
from relance_client.retry import RetryPolicy


class Relance:
    """A client of one relance server, authenticated as one OAuth client.

    Args:
        base_url: the server's root, e.g. ``"https://relance.example.com"``.
        client_id, client_secret: the credentials ``relance client create`` printed.
        scope: space-separated scopes to ask for (default: all of the client's).
        timeout: seconds (or an :class:`httpx.Timeout`) per attempt.
        retry: when and how long to retry (:class:`RetryPolicy`).
        idempotency_keys: set an ``Idempotency-Key`` on every POST, which makes POSTs safe to
            retry. With False, a POST is never retried after a 5xx or a broken connection.
        token_refresh_margin: renew the access token this many seconds before it expires.
        transport: an :class:`httpx.BaseTransport`, e.g. for a proxy or tests.

    Use it as a context manager, or call :meth:`close`, to release its connections.
    """

    followups: Followups[SyncDriver]
    debts: Debts[SyncDriver]
    payments: Payments[SyncDriver]
    webhooks: Webhooks[SyncDriver]
    stats: Stats[SyncDriver]

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
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.auth: ClientCredentials = credentials(
            base_url, client_id, client_secret, scope, token_refresh_margin
        )
        self._settings = exchange_settings(
            base_url, timeout, retry or RetryPolicy(), idempotency_keys
        )
        self._http = httpx.Client(auth=self.auth, transport=transport, follow_redirects=False)
        driver = SyncDriver(self._http, self._settings)
        self.followups = Followups(driver)
        self.debts = Debts(driver)
        self.payments = Payments(driver)
        self.webhooks = Webhooks(driver)
        self.stats = Stats(driver)

    @property
    def rate_limit(self) -> RateLimit | None:
        """The rate-limit state of the latest answer that announced it (None before)."""
        return self._settings.rate_limits.latest

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Relance:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
