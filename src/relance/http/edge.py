"""relance's one ASGI layer, outermost: every request's id, access line and metrics, the
security and rate-limit headers of every answer, and the fast lane to the API's routes.

Why one layer (issue 19): relance had three middlewares (security headers, observation,
rate-limit headers), each wrapping ``send``, inside Starlette's and FastAPI's own
(ServerErrorMiddleware, ExceptionTelemetryMiddleware, AppBodyLimitMiddleware,
ExceptionMiddleware, the exception wrapper, AsyncExitStackMiddleware, the router): eleven
layers, about a tenth of a keyed create's CPU on PostgreSQL. Here one ``send`` wrapper adds
every header, and a request the lane table (``http.fast_lane``) routes to a LeanRoute goes
straight to its handler; the app's exception handlers render what it raises (ApiError and the
others, as ExceptionMiddleware would), and a bug is rendered as the 500 handler renders it, then
re-raised, as ServerErrorMiddleware does. Everything else (docs, the OpenAPI document, mounts,
404s, 405s) goes through FastAPI's stack unchanged, inside this layer.
"""

from __future__ import annotations

import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from fastapi import FastAPI
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relance.http.fast_lane import Lane, LaneTable
from relance.http.headers import raw_headers
from relance.http.rate_headers import WINDOW_KEY
from relance.http.responses import JsonResponse
from relance.kit.actors import act_as_default, stop_acting
from relance.observe.access import REQUEST_ID_HEADER, incoming_id, record
from relance.observe.logs import REQUEST_ID
from relance.state import STATE_KEY


def _new_request_id() -> str:
    """32 hex digits: unique enough to find a request's lines, and no secret (a client may send
    its own), so Python's generator, seeded from the OS per process, not a system call each."""
    return f"{random.getrandbits(128):032x}"


# The access line's status for a client that left before its answer (nginx's convention).
CLIENT_CLOSED = 499
# Starlette's shape: a handler may answer at once or be awaited.
ExceptionHandler = Callable[[Request, Any], Response | Awaitable[Response]]


class Edge:
    def __init__(
        self,
        app: ASGIApp,
        *,
        router: Router,
        lanes: LaneTable | None,
        handlers: Mapping[type[Exception], ExceptionHandler],
        on_bug: ExceptionHandler | None,
        https: bool,
        state_holder: Any = None,
        observe: bool = True,
    ) -> None:
        """``app``: FastAPI's stack; ``lanes`` None sends every request through it;
        ``handlers``: the app's exception handlers by class; ``on_bug``: its 500 handler;
        ``state_holder``: the app's ``State``, whose ``relance`` (the ``AppState``, which tests
        may swap between requests) is read once a request and left in its scope
        (``get_state``);
        ``observe`` False leaves out the access line and metrics (bench.observe_cost)."""
        self.app = app
        self._router = router
        self._lanes = lanes
        self._handlers = handlers
        self._on_bug = on_bug
        self.plain_headers = raw_headers(https)
        self.html_headers = raw_headers(https, html=True)
        self._observe = observe
        self._state_holder = state_holder

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        scope[STATE_KEY] = getattr(self._state_holder, "relance", None)
        request_id = incoming_id(scope["headers"]) or _new_request_id()
        id_token = REQUEST_ID.set(request_id)
        actor = act_as_default()
        answer = _Answer(scope, send, (REQUEST_ID_HEADER, request_id.encode("ascii")), self)
        found = None
        try:
            if self._lanes is not None and not scope.get("root_path"):
                found = self._lanes.find(scope["method"], scope["path"])
            if found is None:
                await self.app(scope, receive, answer)
            else:
                await self._serve(*found, scope, receive, answer)
        except ClientDisconnect:
            # Gone while its body was read: nobody to answer and nothing went wrong here.
            answer.status = answer.status or CLIENT_CLOSED
        finally:
            if self._observe:
                # A request that raised before answering got a 500 (or nothing at all).
                elapsed = time.perf_counter() - started
                template = None if found is None else found[0].template
                record(scope, request_id, answer.status or 500, elapsed, template)
            REQUEST_ID.reset(id_token)
            stop_acting(actor)

    async def _serve(
        self, lane: Lane, params: dict[str, str], scope: Scope, receive: Receive, answer: _Answer
    ) -> None:
        """What FastAPI's router, exception middleware and ServerErrorMiddleware would do for a
        LeanRoute, in one frame."""
        scope.setdefault("router", self._router)
        scope["route"] = route = lane.route
        scope["endpoint"] = getattr(route, "endpoint", None)
        earlier: Mapping[str, str] | None = scope.get("path_params")
        scope["path_params"] = {**earlier, **params} if earlier else params
        request = Request(scope, receive, answer)
        try:
            try:
                assert lane.handler is not None, "the table hands out served lanes only"
                response = await lane.handler(request)
            except Exception as error:
                handler = self._handler_of(error)
                if handler is None:
                    raise
                response = await _answered(handler(request, error))
            if type(response) is JsonResponse:
                await answer.json(response)
            else:
                await response(scope, receive, answer)
        except ClientDisconnect:
            raise
        except Exception as error:
            if self._on_bug is not None and not answer.status:
                await (await _answered(self._on_bug(request, error)))(scope, receive, answer)
            raise  # for the server's log, as ServerErrorMiddleware does

    def _handler_of(self, error: Exception) -> ExceptionHandler | None:
        for kind in type(error).__mro__:
            handler = self._handlers.get(kind)
            if handler is not None:
                return handler
        return None


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:  # a loop: any() over a generator cost twice as much
        if name == b"content-type":
            return value.startswith(b"text/html")
    return False


class _Answer:
    """One request's ASGI ``send``: adds the headers relance puts on every answer (rate limit,
    request id, security) and keeps the status for the access line."""

    __slots__ = ("_edge", "_id_header", "_scope", "_send", "status")

    def __init__(
        self, scope: Scope, send: Send, id_header: tuple[bytes, bytes], edge: Edge
    ) -> None:
        self.status = 0  # none sent yet
        self._scope = scope
        self._send = send
        self._id_header = id_header
        self._edge = edge

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            headers = list(message.get("headers", ()))
            message["headers"] = self._ours(headers, _is_html(headers))
        await self._send(message)

    async def json(self, response: JsonResponse) -> None:
        """The two messages ``response(scope, receive, self)`` sends (a JsonResponse has no
        background task), without its frame and this one's around each: about 1 % of a write's
        CPU (issue 19)."""
        self.status = status = response.status_code
        headers = self._ours([*response.raw_headers], html=False)
        await self._send({"type": "http.response.start", "status": status, "headers": headers})
        await self._send({"type": "http.response.body", "body": response.body})

    def _ours(self, headers: list[tuple[bytes, bytes]], html: bool) -> list[tuple[bytes, bytes]]:
        window: Any = self._scope.get("state", {}).get(WINDOW_KEY)
        if window is not None:
            headers += window.headers()
        headers.append(self._id_header)
        headers += self._edge.html_headers if html else self._edge.plain_headers
        return headers


async def _answered(result: Response | Awaitable[Response]) -> Response:
    return result if isinstance(result, Response) else await result


def edge_around(app: FastAPI, stack: ASGIApp, *, https: bool, lanes: bool, observe: bool) -> Edge:
    """The Edge in front of ``app``'s middleware stack (built once every route is included).
    ``lanes`` False (FastAPI's telemetry on) routes every request through FastAPI, whose
    telemetry middleware would not see the lane's requests."""
    handlers: dict[type[Exception], ExceptionHandler] = {}
    on_bug: ExceptionHandler | None = None
    for key, handler in app.exception_handlers.items():
        if key in (500, Exception):
            on_bug = handler
        elif isinstance(key, type) and issubclass(key, Exception):
            handlers[key] = handler
    return Edge(
        stack,
        router=app.router,
        lanes=LaneTable(app.router.routes) if lanes else None,
        handlers=handlers,
        on_bug=on_bug,
        https=https,
        state_holder=app.state,
        observe=observe,
    )
