"""OpenAPI description of ``GET /stats/followups``: its parameters (from the filter table) and
its rows."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from relance.http.openapi import error_responses, query_parameter
from relance.stats.query import GROUPS, STATS_FILTERS


class FollowupStatsRow(BaseModel):
    """The group keys asked for in ``group_by`` come first (a day, week or month as the
    ``YYYY-MM-DD`` of its first day, UTC; a week starts on Monday), then the figures."""

    type: str | None = None
    status: str | None = None
    day: str | None = None
    week: str | None = None
    month: str | None = None
    direction: str | None = None
    count: int
    executed: int
    answered: int
    deals: int
    payments_triggered: int
    amount_recovered: float
    avg_duration_ms: float | None
    answer_rate: float | None
    deal_rate: float | None


class FollowupStatsEnvelope(BaseModel):
    error: bool
    message: str
    data: list[FollowupStatsRow]


PARAMETERS = {
    "parameters": [
        *(
            query_parameter(spec.name, dict(spec.schema), spec.description)
            for spec in STATS_FILTERS
        ),
        query_parameter(
            "group_by",
            {"type": "string", "minLength": 1},
            "One or a comma-separated list of: "
            + ", ".join(GROUPS)
            + " (the rows' keys and order; none: one row for everything)",
        ),
    ]
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"model": FollowupStatsEnvelope, "description": "One row per group"},
    **error_responses(400, 401, 403, 404),
}
