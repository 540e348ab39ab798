"""OAuth 2.0 client credentials as an :class:`httpx.Auth`: token fetch, refresh, re-auth."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator, Generator

import httpx

from relance_client._core.tokens import ClientSecret, TokenState

__all__ = ["ClientCredentials"]


class ClientCredentials(httpx.Auth):
    """Authenticates every request with a bearer token obtained from ``token_url``.

    - The first request fetches a token (``grant_type=client_credentials``).
    - A token within ``refresh_margin`` seconds of expiry is renewed with its refresh token
      (``grant_type=refresh_token``); refresh tokens rotate, and the new one is kept. A refused
      refresh falls back to the client credentials.
    - A 401 answer drops the token, renews it and sends the request once more.

    Renewals are serialised (a lock per instance), so concurrent requests never present the same
    refresh token twice, which the server would take for a stolen token and revoke the chain.
    Usable on its own: ``httpx.Client(auth=ClientCredentials(url, id, secret))``.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str | None = None,
        refresh_margin: float = 60.0,
    ) -> None:
        self._tokens = TokenState(
            token_url, ClientSecret(client_id, client_secret, scope), refresh_margin
        )
        self._thread_lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        used: str | None = None
        for attempt in range(2):
            with self._thread_lock:
                if attempt:
                    self._tokens.invalidate(used)
                if self._tokens.stale():
                    steps = self._tokens.renewal()
                    token_request = next(steps)
                    while True:
                        answer = yield token_request
                        answer.read()
                        try:
                            token_request = steps.send(answer)
                        except StopIteration:
                            break
            used = self._tokens.authorize(request)
            response = yield request
            if response.status_code != 401:
                return

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self._async_lock is None:
            self._async_lock = asyncio.Lock()
        used: str | None = None
        for attempt in range(2):
            async with self._async_lock:
                if attempt:
                    self._tokens.invalidate(used)
                if self._tokens.stale():
                    steps = self._tokens.renewal()
                    token_request = next(steps)
                    while True:
                        answer = yield token_request
                        await answer.aread()
                        try:
                            token_request = steps.send(answer)
                        except StopIteration:
                            break
            used = self._tokens.authorize(request)
            response = yield request
            if response.status_code != 401:
                return

    @property
    def refresh_token(self) -> str | None:
        """The refresh token currently held (it changes at every refresh)."""
        return self._tokens.refresh_token
