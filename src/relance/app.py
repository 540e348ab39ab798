"""create_app(settings): routers, handlers, lifespan. Wiring only."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.telemetry import TelemetryConfig

from relance import __version__
from relance.auth import routes as auth_routes
from relance.config import Settings
from relance.dashboard import login_routes as dashboard_login_routes
from relance.dashboard import routes as dashboard_routes
from relance.db.connect import create_database
from relance.debts import routes as debt_routes
from relance.followups import routes as followup_routes
from relance.http import health
from relance.http.errors import install_error_handlers
from relance.http.openapi_limits import add_limits_and_keys
from relance.http.rate_headers import RateLimitHeaders
from relance.idempotency.pruning import prune_forever
from relance.media import routes as media_routes
from relance.state import build_state
from relance.tracking import routes as tracking_routes

API_PREFIX = "/external-api/v1"
# With every signal off, FastAPI skips its telemetry wrapper without asking OpenTelemetry for
# its global providers on each request (~4 % of a list request's CPU when left on).
_NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "operation_spans": False,
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    database = create_database(settings.effective_database_url, settings.db_pool_size)
    state = build_state(settings, database)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await database.connect()
        pruning = asyncio.create_task(prune_forever(database))
        try:
            yield
        finally:
            pruning.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await pruning  # before the database closes under it
            await state.rate_guard.close()
            await database.close()

    app = FastAPI(
        title="relance",
        version=__version__,
        summary="Debt-collection followups API, wire-compatible with GetBill External API v1",
        lifespan=lifespan,
        telemetry=None if settings.telemetry else _NO_TELEMETRY,
    )
    app.state.relance = state
    app.add_middleware(RateLimitHeaders)
    install_error_handlers(app)
    # First: routing tries each route in turn, and the followup routes are the hot ones (no
    # two routers share a path, so the order changes nothing else).
    app.include_router(followup_routes.router, prefix=API_PREFIX)
    app.include_router(health.router)
    app.include_router(auth_routes.router)
    # Also under the API base path (SPEC 1), for clients configured with that base URL.
    app.include_router(auth_routes.router, prefix=API_PREFIX, include_in_schema=False)
    app.include_router(debt_routes.router, prefix=API_PREFIX)
    app.include_router(tracking_routes.router, prefix=API_PREFIX)
    app.include_router(tracking_routes.public_router)
    app.include_router(media_routes.router, prefix=API_PREFIX)
    app.include_router(media_routes.public_router)
    # SPEC 15: HTML for operators, not part of the API's OpenAPI document.
    app.include_router(dashboard_login_routes.router, include_in_schema=False)
    app.include_router(dashboard_routes.router, include_in_schema=False)
    _document_limits_and_keys(app)
    logging.getLogger("relance").setLevel(logging.INFO)
    return app


def _document_limits_and_keys(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_limits_and_keys(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
