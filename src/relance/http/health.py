"""GET /health: database reachable, migration head, version. No authentication."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel
from starlette.responses import Response

from relance import __version__
from relance.db.migrate import head_revision
from relance.http.endpoint import PublicCall, public
from relance.http.responses import json_response
from relance.http.route import api_router

router = api_router("health")
logger = logging.getLogger("relance.health")

_CURRENT_REVISION: sa.Select[tuple[str]] = sa.select(sa.column("version_num")).select_from(
    sa.table("alembic_version")
)
_HEAD = head_revision()


class _Database(BaseModel):
    reachable: bool
    backend: str


class _Migrations(BaseModel):
    current: str | None
    head: str | None
    up_to_date: bool


class HealthOut(BaseModel):
    status: Literal["ok", "unavailable"]
    version: str
    database: _Database
    migrations: _Migrations


_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": HealthOut, "description": "Database reachable, migrations at head"},
    503: {"model": HealthOut, "description": "Database unreachable or migrations behind"},
}


@router.get("/health", summary="Service health", responses=_RESPONSES)
async def health(call: Annotated[PublicCall, public()]) -> Response:
    database = call.state.database
    try:
        async with database.read() as tx:
            current = await tx.fetch_val(_CURRENT_REVISION)
        reachable = True
    except Exception:  # any driver error means "unhealthy", which is what we report
        logger.exception("health check could not query the database")
        current, reachable = None, False
    healthy = reachable and current == _HEAD
    body = {
        "status": "ok" if healthy else "unavailable",
        "version": __version__,
        "database": {"reachable": reachable, "backend": database.dialect_name},
        "migrations": {"current": current, "head": _HEAD, "up_to_date": current == _HEAD},
    }
    return json_response(body, status=200 if healthy else 503)
