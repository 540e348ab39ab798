"""The error tree. Every exception the SDK raises on purpose is a :class:`RelanceError`.

::

    RelanceError
    ├── TransportError              the server could not be reached (after the retries)
    ├── WebhookVerificationError    verify_webhook refused a delivery
    └── APIError                    the server answered with an error status
        ├── ValidationError             400
        ├── AuthenticationError         401, and every refusal of POST /token
        ├── PermissionDeniedError       403
        ├── NotFoundError               404
        ├── ConflictError               409
        │   └── PreconditionFailedError 412 (If-Match no longer matches)
        ├── RateLimitError              429 (after the retries)
        └── ServerError                 5xx (after the retries)

An :class:`APIError` carries the API envelope (``{"error": true, "message", "code",
"details"}``) as ``message``, ``code`` and ``details``; OAuth refusals (RFC 6749 §5.2) are mapped
onto the same three attributes, ``details`` then holding ``{"error": "<oauth error code>"}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from relance_client.rate_limit import parse_retry_after

__all__ = [
    "APIError",
    "AuthenticationError",
    "ConflictError",
    "NotFoundError",
    "PermissionDeniedError",
    "PreconditionFailedError",
    "RateLimitError",
    "RelanceError",
    "ServerError",
    "TransportError",
    "ValidationError",
    "WebhookVerificationError",
]


class RelanceError(Exception):
    """Base class of every error the SDK raises."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class TransportError(RelanceError):
    """No HTTP answer: connection refused, timeout, broken connection (``__cause__`` is the
    underlying :class:`httpx.TransportError`)."""


class WebhookVerificationError(RelanceError):
    """A webhook delivery whose headers, timestamp or signature do not check out."""


class APIError(RelanceError):
    """The server answered with an error status.

    Attributes:
        message: the envelope's ``message`` (``"Validation failed"``, ``"Followup not found"``...).
        code: the HTTP status (the envelope's ``code``).
        details: the envelope's ``details`` (field → message for validation errors), else ``{}``.
        response: the :class:`httpx.Response`, for headers such as ``X-Request-ID``.
    """

    def __init__(
        self,
        message: str,
        code: int,
        details: Mapping[str, Any] | None = None,
        response: httpx.Response | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.details: dict[str, Any] = dict(details or {})
        self.response = response

    @property
    def request_id(self) -> str | None:
        """The server's ``X-Request-ID`` for this answer, to quote in a support request."""
        return None if self.response is None else self.response.headers.get("x-request-id")

    def __str__(self) -> str:
        text = f"{self.code} {self.message}"
        return f"{text} {self.details}" if self.details else text


class ValidationError(APIError):
    """400: bad field values, unknown or read-only fields, bad query parameters, bad JSON."""


class AuthenticationError(APIError):
    """401, or POST /token refused the client credentials (``details["error"]`` says why)."""


class PermissionDeniedError(APIError):
    """403: a scope is missing, or the object belongs to another company."""


class NotFoundError(APIError):
    """404: unknown or malformed id, or unknown route."""


class ConflictError(APIError):
    """409: the request conflicts with the current state (an Idempotency-Key in progress...)."""


class PreconditionFailedError(ConflictError):
    """412: the object changed since the ETag sent in ``If-Match``."""


class RateLimitError(APIError):
    """429 still answered after the retries. ``retry_after`` is the server's wait, in seconds."""

    @property
    def retry_after(self) -> float | None:
        if self.response is None:
            return None
        return parse_retry_after(self.response.headers.get("retry-after"))


class ServerError(APIError):
    """5xx still answered after the retries (or at once when the request was not replayable)."""


_BY_STATUS: dict[int, type[APIError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    412: PreconditionFailedError,
    429: RateLimitError,
}


def error_class(status: int) -> type[APIError]:
    """The most specific class for an HTTP error status."""
    if status >= 500:
        return ServerError
    return _BY_STATUS.get(status, APIError)
