"""``client.stats``: aggregated followup figures (SPEC 12)."""

from __future__ import annotations

from collections.abc import Sequence

from relance_client._core.call import Answer, Call, get
from relance_client._core.methods import D, Resource, operation
from relance_client.models.followup import FollowupStatus, FollowupType, Moment
from relance_client.models.stats import FollowupStats, GroupBy


def _rows(answer: Answer) -> list[FollowupStats]:
    return [FollowupStats.from_wire(row) for row in answer.body["data"]]


def _followups(
    *,
    from_: Moment | None = None,
    to: Moment | None = None,
    debt_id: str | None = None,
    type: FollowupType | Sequence[FollowupType] | None = None,
    status: FollowupStatus | Sequence[FollowupStatus] | None = None,
    group_by: GroupBy | Sequence[GroupBy] | None = None,
) -> Call[list[FollowupStats]]:
    """Counts and rates of followups (``GET /stats/followups``), one row per group of
    ``group_by`` (any of type, status, day, week, month, direction). ``from_`` is sent as
    ``from`` (a Python keyword)."""
    params = {
        "from": from_,
        "to": to,
        "debt_id": debt_id,
        "type": type,
        "status": status,
        "group_by": group_by,
    }
    return get("/stats/followups", _rows, params)


class Stats(Resource[D]):
    """Statistics (scope followups:read)."""

    followups = operation(_followups)
