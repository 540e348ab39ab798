"""LeanRoute passes path parameters, the Request and request-only dependencies itself, and
refuses, when the route is built, any endpoint whose arguments it could not pass."""

from __future__ import annotations

import re
from typing import Annotated

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Header, Request
from starlette.responses import JSONResponse, Response

from relance.http.route import LeanRoute


async def _caller(request: Request) -> str:
    return request.headers.get("x-caller", "nobody")


Caller = Annotated[str, Depends(_caller)]


def _app(router: APIRouter) -> FastAPI:
    app = FastAPI()
    app.include_router(router, prefix="/v1")
    return app


async def test_lean_route_passes_path_request_and_dependency() -> None:
    router = APIRouter(route_class=LeanRoute)

    @router.get("/things/{thing_id}/parts/{part}")
    async def get_part(thing_id: str, part: str, request: Request, caller: Caller) -> Response:
        return JSONResponse(
            {"thing": thing_id, "part": part, "caller": caller, "q": request.query_params.get("q")}
        )

    transport = httpx.ASGITransport(app=_app(router))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/v1/things/a1/parts/b2?q=x", headers={"x-caller": "me"})
    assert response.status_code == 200
    assert response.json() == {"thing": "a1", "part": "b2", "caller": "me", "q": "x"}


async def _needs_int(thing_id: int) -> Response:
    return Response()


async def _needs_query(q: str) -> Response:
    return Response()


async def _needs_header(x_caller: Annotated[str, Header()]) -> Response:
    return Response()


async def _nested(caller: Caller) -> str:
    return caller


async def _needs_nested(value: Annotated[str, Depends(_nested)]) -> Response:
    return Response()


def _not_async(request: Request) -> Response:
    return Response()


@pytest.mark.parametrize(
    ("path", "endpoint", "message"),
    [
        ("/a/{thing_id}", _needs_int, "path parameter 'thing_id' must be a plain str"),
        ("/b", _needs_query, "takes only path parameters"),
        ("/c", _needs_header, "takes only path parameters"),
        ("/d", _needs_nested, "dependency 'value' must be a coroutine of the Request alone"),
        ("/e", _not_async, "is async"),
    ],
)
def test_lean_route_refuses_what_it_cannot_pass(path: str, endpoint: object, message: str) -> None:
    router = APIRouter(route_class=LeanRoute)
    with pytest.raises(TypeError, match=re.escape(message)):
        router.add_api_route(path, endpoint)  # type: ignore[arg-type]
