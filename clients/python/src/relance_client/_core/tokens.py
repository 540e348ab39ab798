"""OAuth 2.0 token state and renewal, without I/O: which grant to ask for, and what the
answer means (SPEC 2). :class:`relance_client.auth.ClientCredentials` performs the requests."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass

import httpx

from relance_client._core import wire_json
from relance_client._core.answers import api_error


@dataclass(frozen=True, slots=True)
class ClientSecret:
    client_id: str
    client_secret: str
    scope: str | None = None


class TokenState:
    """The current access token, its expiry, and the refresh token that renews it.

    ``refresh_margin``: a token this close to its expiry (seconds) is renewed before use, so a
    request never leaves with a token that dies on the way.
    """

    def __init__(
        self,
        token_url: str,
        credentials: ClientSecret,
        refresh_margin: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._token_url = token_url
        self._credentials = credentials
        self._refresh_margin = refresh_margin
        self._clock = clock
        self.access_token: str | None = None
        self.refresh_token: str | None = None
        self._expires_at = 0.0

    def stale(self) -> bool:
        return self.access_token is None or self._clock() >= self._expires_at - self._refresh_margin

    def authorize(self, request: httpx.Request) -> str | None:
        """Sets the bearer header; returns the token used, to invalidate it after a 401."""
        if self.access_token is not None:
            request.headers["Authorization"] = f"Bearer {self.access_token}"
        return self.access_token

    def invalidate(self, token: str | None) -> None:
        """Drops ``token`` after the API refused it, unless another request renewed it already."""
        if token is not None and token == self.access_token:
            self.access_token = None

    def renewal(self) -> Generator[httpx.Request, httpx.Response, None]:
        """Yields the token requests to send, receiving each (read) response.

        The refresh token is tried first; it rotates, so the new one replaces it. When it is
        refused (expired, or its chain revoked after a reuse), the client's own credentials
        get a fresh chain. Any other refusal raises the matching APIError.
        """
        if self.refresh_token is not None:
            answer = yield self._request(
                {"grant_type": "refresh_token", "refresh_token": self.refresh_token}
            )
            if answer.status_code == 200:
                self._accept(answer)
                return
            self.refresh_token = None
            if answer.status_code not in (400, 401):
                raise api_error(answer)
        form = {"grant_type": "client_credentials"}
        if self._credentials.scope is not None:
            form["scope"] = self._credentials.scope
        answer = yield self._request(form)
        if answer.status_code != 200:
            raise api_error(answer)
        self._accept(answer)

    def _request(self, form: dict[str, str]) -> httpx.Request:
        # Credentials in the form body (RFC 6749 §2.3.1 allows both): HTTP Basic would need them
        # form-encoded first, which servers read inconsistently.
        form = form | {
            "client_id": self._credentials.client_id,
            "client_secret": self._credentials.client_secret,
        }
        return httpx.Request(
            "POST", self._token_url, data=form, headers={"Accept": "application/json"}
        )

    def _accept(self, answer: httpx.Response) -> None:
        token = wire_json.loads(answer.content)
        self.access_token = str(token["access_token"])
        self.refresh_token = token.get("refresh_token") or self.refresh_token
        self._expires_at = self._clock() + float(token.get("expires_in", 3600))
