"""The ApiError hierarchy and the one set of handlers that renders SPEC 1's error envelope."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from relance.responses import json_response

logger = logging.getLogger("relance.errors")


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

    def response(self) -> Response:
        """The envelope; a subclass may answer otherwise (a tracking pixel answers an image)."""
        return json_response(self.body(), status=self.status, headers=self.headers)


class ValidationFailed(ApiError):
    status = 400
    message = "Validation failed"

    def __init__(self, details: Mapping[str, str]) -> None:
        super().__init__(details=details)


class InvalidJson(ApiError):
    status = 400
    message = "Invalid JSON payload"


class Unauthenticated(ApiError):
    """401 with the RFC 6750 challenge; ``invalid_token`` when a token was sent but refused."""

    status = 401
    message = "Authentication credentials are missing or invalid"

    def __init__(self, token_sent: bool = False) -> None:
        challenge = 'Bearer realm="relance"'
        if token_sent:
            challenge += ', error="invalid_token"'
        super().__init__(headers={"WWW-Authenticate": challenge})


class Forbidden(ApiError):
    status = 403
    message = "Forbidden"


class MissingScope(Forbidden):
    def __init__(self, scope: str) -> None:
        super().__init__(
            f'Required scope "{scope}" not found in token',
            headers={"WWW-Authenticate": f'Bearer error="insufficient_scope", scope="{scope}"'},
        )


class NotFound(ApiError):
    status = 404
    message = "Not found"


class DebtNotFound(NotFound):
    message = "Debt not found"


class DebtForbidden(Forbidden):
    message = "Access denied to this debt"


class FollowupNotFound(NotFound):
    message = "Followup not found"


class FollowupForbidden(Forbidden):
    message = "Access denied to this followup"


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


class Unprocessable(ApiError):
    status = 422
    message = "Unprocessable request"


class TooManyRequests(ApiError):
    status = 429
    message = "Rate limit exceeded"


def field_name(location: tuple[Any, ...] | list[Any]) -> str:
    """The client-facing field name of a pydantic error location (drops 'body'/'query')."""
    parts = [str(p) for p in location if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


async def _api_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _request_validation(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details: dict[str, str] = {}
    for error in exc.errors():
        details.setdefault(field_name(error.get("loc", ())), _plain_message(error))
    return await _api_error(_request, ValidationFailed(details))


def _plain_message(error: Mapping[str, Any]) -> str:
    message = str(error.get("msg", "Invalid value"))
    return message.removeprefix("Value error, ")


async def _http_exception(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        error: ApiError = NotFound()
    elif exc.status_code == 405:
        error = MethodNotAllowed(headers=exc.headers)
    else:
        error = ApiError(str(exc.detail))
        error.status = exc.status_code
    return await _api_error(_request, error)


async def _unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return await _api_error(request, ApiError())


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(Exception, _unexpected)
