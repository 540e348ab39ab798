"""The house route class: every router is ``api_router()``, every route a LeanRoute.

A LeanRoute calls its endpoint without FastAPI's per-request solving.

FastAPI solves every route's parameters on each request (query, header, cookie and path
parameters, the dependency tree and its cache, pydantic validation of each value). On the hot
routes that machinery cost about a fifth of a request's CPU, while relance's signatures hold only
string path parameters, the ``Request`` and the one plain-coroutine dependency of
``http.endpoint`` that takes the ``Request`` alone. A LeanRoute checks once, when the route is
built, that its endpoint has that shape (and refuses any other), then passes exactly those
arguments itself. FastAPI still reads
the signature for the OpenAPI document, the routing, the body limit and the exception handlers.

``app.dependency_overrides`` does not reach a LeanRoute's dependencies: relance's tests use the
real ones.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

import fastapi.routing
from fastapi import APIRouter
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

Endpoint = Callable[..., Awaitable[Response]]
RequestDependency = Callable[[Request], Awaitable[Any]]


@dataclass(frozen=True, slots=True)
class _Plan:
    """Where each of the endpoint's arguments comes from."""

    path_names: tuple[str, ...]
    request_name: str | None
    dependencies: tuple[tuple[str, RequestDependency], ...]


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class LeanRoute(APIRoute):
    def get_route_handler(self) -> Handler:
        return lean_handler(self._effective_dependant(), self.path)

    def _effective_dependant(self) -> Dependant:
        # FastAPI builds an included route's handler with the include's context set (its
        # prefix, its router-level dependencies): plan from that dependant when there is one.
        context_var = getattr(fastapi.routing, "_effective_route_context_var", None)
        effective = None if context_var is None else context_var.get()
        if effective is not None and effective.original_route is self:
            return effective.dependant  # type: ignore[no-any-return]
        return self.dependant


def lean_handler(dependant: Dependant, path: str) -> Handler:
    """The request → response coroutine of a LeanRoute (``dependant``: the route's, with the
    include's dependencies when it was included); used by the route and by ``fast_lane``."""
    plan = _plan(dependant, path)
    endpoint: Endpoint = dependant.call  # type: ignore[assignment]
    path_names, request_name, dependencies = (
        plan.path_names,
        plan.request_name,
        plan.dependencies,
    )

    async def handler(request: Request) -> Response:
        path_params = request.path_params
        arguments: dict[str, Any] = {}
        for name in path_names:  # a loop: a comprehension is one more frame (Python 3.11)
            arguments[name] = path_params[name]
        if request_name is not None:
            arguments[request_name] = request
        around = None
        for name, dependency in dependencies:
            value = arguments[name] = await dependency(request)
            # An access rule may ask to run around the endpoint (http.endpoint: a keyed POST).
            around = getattr(value, "around", None) or around
        if around is None:
            response = await endpoint(**arguments)
        else:
            response = await around(lambda: endpoint(**arguments))
        if not isinstance(response, Response):
            raise TypeError(f"{path}: a lean endpoint must return a Response")
        return response

    return handler


def _plan(dependant: Dependant, path: str) -> _Plan:
    """The endpoint's arguments, or TypeError (when the route is built) for any it can't pass."""
    unsupported = (
        dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or dependant.body_params
        or dependant.response_param_name
        or dependant.background_tasks_param_name
        or dependant.security_scopes_param_name
        or dependant.websocket_param_name
        or dependant.http_connection_param_name
    )
    if unsupported or not inspect.iscoroutinefunction(dependant.call):
        raise TypeError(
            f"{path}: a LeanRoute endpoint is async and takes only path parameters, "
            "the Request and request-only dependencies"
        )
    for field in dependant.path_params:
        if field.field_info.annotation is not str or field.field_info.metadata:
            raise TypeError(f"{path}: path parameter {field.name!r} must be a plain str")
    dependencies = tuple(_request_only(sub, path) for sub in dependant.dependencies)
    return _Plan(
        tuple(field.name for field in dependant.path_params),
        dependant.request_param_name,
        dependencies,
    )


def _request_only(sub: Dependant, path: str) -> tuple[str, RequestDependency]:
    takes_more = (
        sub.dependencies
        or sub.path_params
        or sub.query_params
        or sub.header_params
        or sub.cookie_params
        or sub.body_params
        or sub.response_param_name
        or sub.background_tasks_param_name
        or sub.security_scopes_param_name
    )
    call = sub.call
    if (
        sub.name is None
        or takes_more
        or sub.request_param_name is None
        or not inspect.iscoroutinefunction(call)
        or len(inspect.signature(call).parameters) != 1
    ):
        raise TypeError(f"{path}: dependency {sub.name!r} must be a coroutine of the Request alone")
    return sub.name, call


def api_router(tag: str) -> APIRouter:
    """A router of the house: its routes are LeanRoutes, its endpoints declared with
    ``http.endpoint``."""
    return APIRouter(tags=[tag], route_class=LeanRoute)
