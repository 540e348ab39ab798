"""Routing straight to a LeanRoute: the router's work on the API's hot path, in one regex match.

FastAPI 0.165 routes a request through one ``_IncludedRouter`` per ``include_router`` call (each
matching the path against its routes, the chosen one twice, setting and restoring its scope keys
around every candidate), then ``request_response`` (two ``AsyncExitStack``s and a per-route
exception wrapper). The profile of ``POST /token`` put about a fifth of the server's CPU between
``Router.__call__`` and the route's handler (issue 19; docs/decisions.md). relance's routes are
LeanRoutes whose handler needs none of it: their endpoints take path parameters, the Request
and request-only dependencies, and raise errors the app's exception middleware renders.

The ``LaneTable`` matches a path against every route of the app at once (one alternation per
method, in the router's order, so the route it picks is the one FastAPI would pick); when that
route is a LeanRoute, ``http.edge`` sets what FastAPI sets in the scope (``route``,
``endpoint``, ``path_params``) and calls its handler. Anything else (another kind of route, a
mount, no route, a 405, a ``root_path``) goes on to FastAPI's stack unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from fastapi.dependencies.models import Dependant
from fastapi.routing import RouteContext, iter_route_contexts
from starlette.routing import BaseRoute, Mount, compile_path

from relance.http.route import Handler, LeanRoute, lean_handler

_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_GROUP = re.compile(r"\(\?P<([A-Za-z_][A-Za-z0-9_]*)>")


@dataclass(frozen=True, slots=True)
class Lane:
    """One route of the table: a LeanRoute served here, or (``handler`` None) one FastAPI
    serves."""

    route: BaseRoute
    handler: Handler | None
    groups: tuple[tuple[str, str], ...]  # (path parameter, its group in the alternation)
    template: str  # the whole path's template, as the access line and metrics name the route


# The lane a request takes (its handler set) and the request's path parameters: a plain pair,
# made per request (a NamedTuple took 0.25 µs to build, a tuple 0.05).
Found = tuple[Lane, dict[str, str]]


class LaneTable:
    def __init__(self, routes: Iterable[BaseRoute]) -> None:
        self._lanes: dict[str, Lane] = {}
        alternatives: dict[str, list[str]] = {method: [] for method in _METHODS}
        for index, context in enumerate(iter_route_contexts(list(routes))):
            name = f"r{index}"
            pattern, params = _pattern(context, name)
            if pattern is None:
                continue
            template = compile_path(context.path)[1] if context.path else ""
            self._lanes[name] = Lane(context.original_route, _handler(context), params, template)
            methods = context.methods
            for method in _METHODS:
                if methods is None or method in methods:
                    alternatives[method].append(f"(?P<{name}>{pattern})")
        self._by_method = {
            method: re.compile("|".join(patterns)) for method, patterns in alternatives.items()
        }

    def find(self, method: str, path: str) -> Found | None:
        """The LeanRoute FastAPI would route ``method path`` to, its handler and its path
        parameters; None when FastAPI would route it elsewhere (or nowhere)."""
        matcher = self._by_method.get(method)
        match = None if matcher is None else matcher.fullmatch(path)
        if match is None or match.lastgroup is None:
            return None
        lane = self._lanes[match.lastgroup]
        if lane.handler is None:
            return None
        params = {}
        for param, group in lane.groups:  # a loop: a comprehension is one more frame (3.11)
            params[param] = match.group(group)
        return lane, params


def _pattern(context: RouteContext, name: str) -> tuple[str | None, tuple[tuple[str, str], ...]]:
    """The route's path regex without anchors, its groups renamed apart from every other
    route's (``name`` + ``_`` + parameter)."""
    route = context.original_route
    if isinstance(route, Mount):  # matches its path and everything below it
        return re.escape(route.path.rstrip("/")) + "(?:/.*)?", ()
    path = context.path
    if not path:
        return None, ()
    regex = compile_path(path)[0].pattern.removeprefix("^").removesuffix("$")
    params = tuple((param, f"{name}_{param}") for param in _GROUP.findall(regex))
    return _GROUP.sub(lambda m: f"(?P<{name}_{m.group(1)}>", regex), params


def _handler(context: RouteContext) -> Handler | None:
    route = context.original_route
    if not isinstance(route, LeanRoute):
        return None
    dependant: Dependant = getattr(context, "dependant", route.dependant)
    return lean_handler(dependant, route.path)
