"""Health, no authentication: GET /health (database reachable, migration head, version), and the
probes of an orchestrator or balancer: GET /health/live (the process answers) and
GET /health/ready (the database answers and its schema is at head: send traffic)."""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

import sqlalchemy as sa
from pydantic import BaseModel
from starlette.responses import Response

from relance import __version__
from relance.db.migrate import head_revision
from relance.db.tx import Database
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


class LiveOut(BaseModel):
    status: Literal["ok"]


class _Reachable(BaseModel):
    reachable: bool


class ReadyOut(BaseModel):
    status: Literal["ready", "unavailable"]
    database: _Reachable
    migrations: _Migrations


_READY_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": ReadyOut, "description": "Send traffic: database reachable, schema at head"},
    503: {"model": ReadyOut, "description": "Database unreachable or migrations behind"},
}


async def _schema(database: Database) -> tuple[bool, str | None]:
    """Whether the database answered, and its migration revision."""
    try:
        async with database.read() as tx:
            return True, await tx.fetch_val(_CURRENT_REVISION)
    except Exception:  # any driver error means "unhealthy", which is what we report
        logger.exception("health check could not query the database")
        return False, None


@router.get("/health", summary="Service health", responses=_RESPONSES)
async def health(call: Annotated[PublicCall, public()]) -> Response:
    database = call.state.database
    reachable, current = await _schema(database)
    healthy = reachable and current == _HEAD
    body = {
        "status": "ok" if healthy else "unavailable",
        "version": __version__,
        "database": {"reachable": reachable, "backend": database.dialect_name},
        "migrations": {"current": current, "head": _HEAD, "up_to_date": current == _HEAD},
    }
    return json_response(body, status=200 if healthy else 503)


@router.get(
    "/health/live",
    summary="Liveness: the process answers",
    responses={200: {"model": LiveOut, "description": "The process answers"}},
)
async def live(call: Annotated[PublicCall, public()]) -> Response:
    """Nothing checked beyond the event loop answering: a restart would not fix a database."""
    return json_response({"status": "ok"})


@router.get(
    "/health/ready",
    summary="Readiness: database reachable, migrations at head",
    responses=_READY_RESPONSES,
)
async def ready(call: Annotated[PublicCall, public()]) -> Response:
    reachable, current = await _schema(call.state.database)
    is_ready = reachable and current == _HEAD
    body = {
        "status": "ready" if is_ready else "unavailable",
        "database": {"reachable": reachable},
        "migrations": {"current": current, "head": _HEAD, "up_to_date": current == _HEAD},
    }
    return json_response(body, status=200 if is_ready else 503)
