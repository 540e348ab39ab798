"""``AsyncRelance``: the asyncio client."""

from __future__ import annotations

from types import TracebackType

import httpx

from relance_client._async_driver import AsyncDriver
from relance_client._client_base import ClientBase
from relance_client.retry import RetryPolicy


class AsyncRelance(ClientBase[AsyncDriver]):
    """The asyncio twin of :class:`~relance_client.Relance`: same arguments, same resources;
    operations are awaited and ``iter_all`` is iterated with ``async for``.

    Use it as an async context manager, or await :meth:`aclose`.
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
        transport: httpx.AsyncBaseTransport | None = None,
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
        self._http = httpx.AsyncClient(auth=self.auth, transport=transport, follow_redirects=False)
        self._attach(AsyncDriver(self._http, self._settings))

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
