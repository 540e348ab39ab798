"""create_app(settings): routers, handlers, lifespan. Wiring only."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig
from starlette.types import ASGIApp, Receive, Scope, Send

from relance import __version__
from relance.auth import routes as auth_routes
from relance.config import Settings
from relance.dashboard import login_routes as dashboard_login_routes
from relance.dashboard import routes as dashboard_routes
from relance.dashboard import webhook_routes as dashboard_webhook_routes
from relance.db.connect import create_database
from relance.debts import routes as debt_routes
from relance.erasure import routes as erasure_routes
from relance.followups import routes as followup_routes
from relance.history import routes as history_routes
from relance.http import docs, health, metrics
from relance.http.edge import edge_around
from relance.http.errors import install_error_handlers
from relance.http.openapi import install_openapi
from relance.idempotency.pruning import prune_forever
from relance.media import routes as media_routes
from relance.observe.logs import skip_unused_record_fields
from relance.observe.metrics import add_gauge
from relance.policy import routes as policy_routes
from relance.state import StateHolder, build_state
from relance.stats import routes as stats_routes
from relance.tracking import routes as tracking_routes
from relance.webhooks import routes as webhook_routes
from relance.webhooks.depth import OutboxDepth
from relance.webhooks.dispatcher import Dispatcher

API_PREFIX = "/external-api/v1"
# With every signal off, FastAPI skips its telemetry wrapper without asking OpenTelemetry for
# its global providers on each request (~4 % of a list request's CPU when left on).
_NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
}


class RelanceApp(FastAPI):
    """FastAPI with relance's one ASGI layer in front of its stack (``http.edge``)."""

    observe_requests = True  # bench.without_observe turns the access line and metrics off

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.state = StateHolder()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # What FastAPI's and Starlette's __call__ do for an HTTP request, in one call instead
        # of two nested ones: 0.7 % of an update's instructions (issue 19).
        stack = self.middleware_stack
        if stack is None or self.root_path or scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        scope["app"] = self
        await stack(scope, receive, send)

    def build_middleware_stack(self) -> ASGIApp:
        # Built on the first request (or lifespan), once every route is included.
        settings: Settings = self.state.relance.settings
        return edge_around(
            self,
            super().build_middleware_stack(),
            https=settings.public_url.startswith("https://"),
            lanes=not settings.telemetry,
            observe=self.observe_requests,
        )


_YOUNG_COLLECTION_AT = 5_000


def create_app(settings: Settings | None = None) -> RelanceApp:
    settings = settings or Settings()
    database = create_database(settings.effective_database_url, settings.db_pool_size)
    state = build_state(settings, database)
    outbox_depth = OutboxDepth()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await database.connect()
        await state.media_store.start()
        pruning = asyncio.create_task(prune_forever(database))
        counting = asyncio.create_task(outbox_depth.refresh_forever(database))
        # SQLite (the embedded default): this process also delivers the webhooks (SPEC 8).
        dispatcher = Dispatcher(database, settings) if settings.delivers_in_process else None
        delivering = None if dispatcher is None else asyncio.create_task(dispatcher.run())
        # Everything alive now (modules, routes, tables) lives as long as the process: out of
        # the collector's sight, a full collection walks only what requests leave behind
        # (issue 19: the SQLite update p99 doubled when fewer modules happened to be imported).
        gc.freeze()
        # A young collection every 700 net new container objects ran ~230 times in 11,000
        # keyed creates (26 µs of each one's CPU): 64 requests in flight keep thousands alive.
        # At 5,000 it runs a seventh as often; each pause stays a few milliseconds.
        gc.set_threshold(_YOUNG_COLLECTION_AT, 10, 10)
        try:
            yield
        finally:
            if dispatcher is not None and delivering is not None:
                dispatcher.stop()
                await delivering  # the deliveries in flight finish first (SPEC 11)
            for task in (pruning, counting):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task  # before the database closes under it
            await state.rate_guard.close()
            await state.media_store.close()
            await database.close()

    app = RelanceApp(
        title="relance",
        version=__version__,
        summary="Debt-collection followups API, wire-compatible with GetBill External API v1",
        lifespan=lifespan,
        telemetry=None if settings.telemetry else _NO_TELEMETRY,
        # A trailing slash is another (unknown) path: 404, never a redirect built from the
        # request's Host header.
        redirect_slashes=False,
        # Served offline by http.docs, with the document of http.openapi.
        docs_url=None,
        redoc_url=None,
    )
    app.state.relance = state
    add_gauge(
        "relance_db_pool_connections",
        "Database pool connections in use and idle, and requests waiting for one",
        lambda: {(name,): float(count) for name, count in database.pool_use().items()},
        labels=("state",),
    )
    add_gauge(
        "relance_webhook_outbox_depth",
        "Webhook change records not yet fanned out, and deliveries waiting to be sent",
        outbox_depth.levels,
        labels=("queue",),
    )
    install_error_handlers(app)
    install_openapi(app)
    # First: routing tries each route in turn, and the followup routes are the hot ones (no
    # two routers share a path, so the order changes nothing else).
    app.include_router(followup_routes.router, prefix=API_PREFIX)
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(auth_routes.router)
    # Also under the API base path (SPEC 1), for clients configured with that base URL.
    app.include_router(auth_routes.router, prefix=API_PREFIX, include_in_schema=False)
    app.include_router(debt_routes.router, prefix=API_PREFIX)
    app.include_router(tracking_routes.router, prefix=API_PREFIX)
    app.include_router(tracking_routes.public_router)
    app.include_router(media_routes.router, prefix=API_PREFIX)
    app.include_router(media_routes.public_router)
    app.include_router(webhook_routes.router, prefix=API_PREFIX)
    app.include_router(stats_routes.router, prefix=API_PREFIX)
    app.include_router(history_routes.router, prefix=API_PREFIX)
    app.include_router(policy_routes.router, prefix=API_PREFIX)
    app.include_router(erasure_routes.router, prefix=API_PREFIX)
    # SPEC 15: HTML for operators, not part of the API's OpenAPI document.
    app.include_router(dashboard_login_routes.router, include_in_schema=False)
    app.include_router(dashboard_routes.router, include_in_schema=False)
    app.include_router(dashboard_webhook_routes.router, include_in_schema=False)
    app.include_router(docs.router)
    app.mount(docs.ASSETS_PATH, docs.assets)
    logging.getLogger("relance").setLevel(logging.INFO)
    skip_unused_record_fields()
    return app
