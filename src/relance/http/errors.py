"""The one set of exception handlers: every error leaves as SPEC 1's envelope.

- 404 for an unknown route (the app never redirects a trailing slash: ``redirect_slashes`` is
  off, since the redirect named whatever host the request's Host header said);
- 405 with ``Allow`` naming every method of the resource the path names (Starlette names only
  the methods of the first route whose path matched, and relance declares one route per
  method): the routes of the first matching path template, so ``/debts/batch`` allows POST,
  not the methods of ``/debts/{debt_id}`` that its spelling also matches;
- 500 (never for input: a bug) with ``Connection: close``, so uvicorn closes the keep-alive
  connection cleanly instead of dropping it under the client's next request.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.routing import iter_route_contexts
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.routing import compile_path

from relance.http.edge import CLIENT_CLOSED
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


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        error: ApiError = NotFound()
    elif exc.status_code == 405:
        error = MethodNotAllowed(headers={"Allow": allowed_methods(request)})
    else:
        error = ApiError(str(exc.detail))
        error.status = exc.status_code
    return render(error)


def allowed_methods(request: Request) -> str:
    """The methods of every route of the first path template matching the request's path."""
    path = request.scope["path"]
    template: str | None = None
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.router.routes):
        if not route.methods or not route.path:
            continue
        if template is None and compile_path(route.path)[0].fullmatch(path):
            template = route.path
        if route.path == template:
            methods.update(route.methods)
    return ", ".join(sorted(methods))


async def _unexpected(request: Request, exc: Exception) -> Response:
    if isinstance(exc, ClientDisconnect):  # not a bug: http.edge notes it in the access line
        return Response(status_code=CLIENT_CLOSED)
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    # http.edge adds the security headers to it, as to every answer.
    return render(ApiError(headers={"Connection": "close"}))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _request_validation)
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(Exception, _unexpected)
