"""``Relance``: the blocking client."""

from __future__ import annotations

from types import TracebackType

import httpx

from relance_client._client_base import ClientBase
from relance_client._sync_driver import SyncDriver
from relance_client.retry import RetryPolicy


class Relance(ClientBase[SyncDriver]):
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
        self._configure(
            base_url,
            client_id,
            client_secret,
            scope,
            timeout,
            retry,
            idempotency_keys,
            token_refresh_margin,
        )
        self._http = httpx.Client(auth=self.auth, transport=transport, follow_redirects=False)
        self._attach(SyncDriver(self._http, self._settings))

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
