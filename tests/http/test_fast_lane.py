"""The fast lane routes every request where FastAPI's router would: the same route for every
path template and method of the app, and FastAPI itself for everything else."""

from __future__ import annotations

import re

import httpx
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts
from starlette.routing import BaseRoute, Mount, compile_path

from relance.http.edge import Edge
from relance.http.fast_lane import LaneTable
from relance.http.route import LeanRoute
from relance.observe.access import route_template
from tests.conftest import Tenant

_PARAM = re.compile(r"\{([^}:]+)(?::[^}]+)?\}")


def _reference(app: FastAPI, method: str, path: str) -> BaseRoute | None:
    """Starlette's rule, read plainly: the first route, in the router's order, whose path
    matches and which takes the method."""
    for context in iter_route_contexts(app.router.routes):
        route = context.original_route
        if isinstance(route, Mount):
            if path.startswith(route.path.rstrip("/") + "/"):
                return route
            continue
        if not context.path or not compile_path(context.path)[0].fullmatch(path):
            continue
        if context.methods is None or method in context.methods:
            return route
    return None


def test_the_lane_picks_the_route_fastapi_would_for_every_template(app: FastAPI) -> None:
    table = LaneTable(app.router.routes)
    checked = 0
    for context in iter_route_contexts(app.router.routes):
        template = context.path
        if not isinstance(context.original_route, LeanRoute) or template is None:
            continue
        path = _PARAM.sub(lambda m: f"v-{m.group(1)}", template)
        for method in sorted(context.methods or ()):
            found = table.find(method, path)
            expected = _reference(app, method, path)
            if isinstance(expected, LeanRoute):
                assert found is not None, f"{method} {path}"
                lane, params = found
                assert lane.route is expected, f"{method} {path}"
                assert params == {name: f"v-{name}" for name in _PARAM.findall(template)}
                # The access line's label, as it names a request FastAPI routed.
                scope = {"route": lane.route, "path": path, "path_params": params}
                assert lane.template == route_template(scope), f"{method} {path}"
                checked += 1
            else:
                assert found is None, f"{method} {path}: FastAPI serves it"
    assert checked >= 40  # every API route of the house


def test_what_is_not_a_lean_route_goes_on_to_fastapi(app: FastAPI) -> None:
    table = LaneTable(app.router.routes)
    assert table.find("GET", "/openapi.json") is None  # a plain Starlette route
    assert table.find("GET", "/docs/assets/anything.js") is None  # a mount
    assert table.find("GET", "/no/such/route") is None
    assert table.find("DELETE", "/external-api/v1/followups") is None  # 405: FastAPI says so
    assert table.find("BREW", "/external-api/v1/followups") is None


def test_the_app_is_routed_by_the_lane(app: FastAPI) -> None:
    assert isinstance(app.build_middleware_stack(), Edge)


async def test_answers_through_the_lane_and_through_fastapi_agree(
    client: httpx.AsyncClient, tenant: Tenant
) -> None:
    # A 405 (FastAPI) and a 404 for an unknown followup (the lane): both the SPEC's envelope.
    not_allowed = await client.delete("/external-api/v1/followups", headers=tenant.headers)
    assert not_allowed.status_code == 405
    assert not_allowed.headers["allow"] == "GET, POST"
    assert not_allowed.json()["error"] is True
    missing = await client.get("/external-api/v1/followups/nope", headers=tenant.headers)
    assert missing.status_code in (400, 404)
    assert missing.json()["error"] is True
    assert "x-request-id" in missing.headers  # the middlewares around the router still run
