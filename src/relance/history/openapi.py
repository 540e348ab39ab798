"""OpenAPI description of ``GET /followups/{id}/history``."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from relance.debts.openapi import Pagination
from relance.http.openapi import error_responses, query_parameter
from relance.kit.paging import MAX_LIMIT, MAX_PAGE


class Actor(BaseModel):
    """Who made the change: an API client (its client id), a dashboard operator (their email)
    or the system (``tracking`` for opens and clicks, ``import`` for a bulk import; null id for
    changes older than the history)."""

    type: Literal["client", "operator", "system"]
    id: str | None


class Revision(BaseModel):
    """One change: the version it made, when, by whom, and ``{field: [old, new]}`` of each
    field it changed (at creation, every field it set, from null). Uploads show as
    ``audio_file`` / ``pdf_file`` going from false to true."""

    version: int
    changed_at: datetime
    actor: Actor
    changes: dict[str, list[Any]]
    policy_override: dict[str, str] | None = Field(
        None, description="Present when the change broke the contact policy: its reason"
    )


class HistoryPage(BaseModel):
    error: bool
    data: list[Revision]
    pagination: Pagination


PARAMETERS = {
    "parameters": [
        query_parameter(
            "page", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}, "Page number (from 1)"
        ),
        query_parameter(
            "limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}, "Revisions per page"
        ),
    ]
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": HistoryPage, "description": "The followup's revisions, oldest first"},
    **error_responses(400, 401, 403, 404),
}
