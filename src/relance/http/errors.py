"""The one set of exception handlers: every error leaves as SPEC 1's envelope."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from relance.http.responses import json_response
from relance.kit.errors import ApiError, MethodNotAllowed, NotFound, ValidationFailed, field_name

logger = logging.getLogger("relance.errors")


def render(error: ApiError) -> Response:
    own = error.own_response()
    if own is not None:
        return own
    return json_response(error.body(), status=error.status, headers=error.headers)


async def _api_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return render(exc)


async def _request_validation(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    details: dict[str, str] = {}
    for error in exc.errors():
        details.setdefault(field_name(error.get("loc", ())), _plain_message(error))
    return render(ValidationFailed(details))


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
    return render(error)


async def _unexpected(request: Request, exc: Exception) -> Response:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return render(ApiError())


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(Exception, _unexpected)
