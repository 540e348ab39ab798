"""ApiError: every refusal the API answers, rendered as SPEC 1's envelope by ``http.errors``.

The generic statuses live here; each domain's own errors live in its package's ``errors.py``
(or, for OAuth, ``auth/oauth_errors.py``). The whole tree:

    ApiError (500 Internal server error)
    ├── ValidationFailed (400, details name each field)   kit/errors.py
    │   └── (raised by every domain's input rules)
    ├── InvalidJson (400)                                  kit/errors.py
    ├── OAuthError (400/401, RFC 6749 body)                auth/oauth_errors.py
    ├── LoginRequired (303 to the dashboard's login form)  dashboard/errors.py
    ├── Unauthenticated (401 + WWW-Authenticate)           auth/errors.py
    ├── Forbidden (403)                                    kit/errors.py
    │   ├── MissingScope                                   auth/errors.py
    │   ├── DebtForbidden                                  debts/errors.py
    │   ├── FollowupForbidden                              followups/errors.py
    │   ├── MediaLinkRefused (expired or altered link)     media/errors.py
    │   └── FormExpired (CSRF, an HTML page)               dashboard/errors.py
    ├── NotFound (404)                                     kit/errors.py
    │   ├── DebtNotFound                                   debts/errors.py
    │   ├── FollowupNotFound                               followups/errors.py
    │   ├── MediaNotFound                                  media/errors.py
    │   └── PixelNotFound, ClickLinkNotFound (own body)    tracking/errors.py
    ├── MethodNotAllowed (405)                             kit/errors.py
    ├── Conflict (409)                                     kit/errors.py
    │   └── NotAnEmailFollowup                             tracking/errors.py
    ├── PreconditionFailed (412)                           kit/errors.py
    ├── PayloadTooLarge (413)                              kit/errors.py
    ├── UnsupportedMediaType (415)                         kit/errors.py
    └── EmptyUpload, UploadInterrupted (400)               media/errors.py
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel
from starlette.responses import Response


class ApiError(Exception):
    status: int = 500
    message: str = "Internal server error"

    def __init__(
        self,
        message: str | None = None,
        details: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.message = message or type(self).message
        self.details = dict(details) if details is not None else None
        self.headers = dict(headers) if headers else {}
        super().__init__(self.message)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": True, "message": self.message, "code": self.status}
        if self.details is not None:
            body["details"] = self.details
        return body

    def own_response(self) -> Response | None:
        """A response other than the envelope (a tracking pixel answers an image), or None."""
        return None


class ErrorEnvelope(BaseModel):
    """What ``ApiError.body()`` is, for the OpenAPI document (``http.openapi``)."""

    error: Literal[True]
    message: str
    code: int
    details: dict[str, Any] | None = None


class ValidationFailed(ApiError):
    status = 400
    message = "Validation failed"

    def __init__(self, details: Mapping[str, str]) -> None:
        super().__init__(details=details)


class InvalidJson(ApiError):
    status = 400
    message = "Invalid JSON payload"


class Forbidden(ApiError):
    status = 403
    message = "Forbidden"


class NotFound(ApiError):
    status = 404
    message = "Not found"


class MethodNotAllowed(ApiError):
    status = 405
    message = "Method not allowed"


class Conflict(ApiError):
    status = 409
    message = "Conflict"


class PreconditionFailed(ApiError):
    status = 412
    message = "Precondition failed: the resource has changed since the given ETag"


class PayloadTooLarge(ApiError):
    status = 413
    message = "Payload too large"


class UnsupportedMediaType(ApiError):
    status = 415
    message = "Content-Type must be application/json"


def field_name(location: tuple[Any, ...] | list[Any]) -> str:
    """The client-facing field name of a pydantic error location (drops 'body'/'query')."""
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"
