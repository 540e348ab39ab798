"""The query string of ``GET /stats/followups``: the filters and the grouping.

The filters are the followup list's own (``followups/listing/filters.py``: the same readers,
messages and SQL conditions) for ``debt_id``, ``status`` and ``type``; ``from`` and ``to`` are
the list's ``date_from`` and ``date_to`` under SPEC 12's names, on the same activity time.
``group_by`` takes one value, a comma-separated list or the parameter repeated, as ``status``
does; its order is the order of the keys in each row and of the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from starlette.datastructures import QueryParams

from relance.followups.listing.filter_kinds import FollowupFilter
from relance.followups.listing.filters import FILTERS
from relance.followups.listing.query import read_filter
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec
from relance.kit.query_values import query_problems

GROUPS = ("type", "status", "day", "week", "month", "direction")
INVALID_GROUP = "Invalid group_by. Valid values are: " + ", ".join(GROUPS)
FROM_AFTER_TO = "from must not be after to"

_BY_NAME = {spec.name: spec for spec in FILTERS}
STATS_FILTERS: tuple[FollowupFilter, ...] = (
    _BY_NAME["debt_id"],
    _BY_NAME["status"],
    _BY_NAME["type"],
    replace(_BY_NAME["date_from"], name="from", bind="since"),
    replace(_BY_NAME["date_to"], name="to", bind="before"),
)
DEBT_INDEX, FROM_INDEX, TO_INDEX = 0, 3, 4
PARAMETERS = frozenset({"group_by", *(spec.name for spec in STATS_FILTERS)})


@dataclass(frozen=True, slots=True)
class StatsQuery:
    filters: tuple[Any, ...]  # one value per STATS_FILTERS entry, None or () when absent
    group_by: tuple[str, ...]

    @classmethod
    def company_range(
        cls,
        since: datetime,
        until: datetime,
        group_by: tuple[str, ...],
        statuses: tuple[str, ...] = (),
    ) -> StatsQuery:
        """The company's followups active in [since, until), optionally of ``statuses`` only
        (the dashboard's charts)."""
        values = {"status": tuple(sorted(statuses)), "from": since, "to": until}
        return cls(tuple(values.get(spec.name, spec.absent) for spec in STATS_FILTERS), group_by)

    @property
    def debt_key(self) -> int | None:
        key: int | None = self.filters[DEBT_INDEX]
        return key


def parse_stats_query(params: QueryParams, ids: IdCodec) -> StatsQuery:
    errors = query_problems(params.multi_items(), PARAMETERS)
    refused = dict(errors)
    filters = [read_filter(spec, params, ids, refused, errors) for spec in STATS_FILTERS]
    since, before = filters[FROM_INDEX], filters[TO_INDEX]
    if since is not None and before is not None and since >= before:
        errors["from"] = FROM_AFTER_TO
    group_by = _group_by(params, errors)
    if errors:
        raise ValidationFailed(errors)
    return StatsQuery(tuple(filters), group_by)


def _group_by(params: QueryParams, errors: dict[str, str]) -> tuple[str, ...]:
    if "group_by" in errors:
        return ()
    chosen: list[str] = []
    for raw in params.getlist("group_by"):
        for part in raw.split(","):
            name = part.strip()
            if name not in GROUPS:
                errors["group_by"] = INVALID_GROUP
                return ()
            if name not in chosen:
                chosen.append(name)
    return tuple(chosen)
