"""The followup list filters, declared once: to add a filter, add one entry to ``FILTERS``.

Each entry gives the query parameter, how it parses, its 400 message, its SQL condition and its
OpenAPI description; parsing and the cursor fingerprint (``query.py``), the cached statements
and their bind values (``statements.py``) and the documented parameters (``openapi.py``) are
all derived from this table, in its order.
"""

from __future__ import annotations

from typing import Any

from relance.db.list_filters import Filter
from relance.followups.listing.filter_kinds import (
    BOOLEAN,
    TIMESTAMP,
    UPPER_BOUND,
    FollowupFilter,
    choices,
    encrypted_id,
    one_of,
)
from relance.followups.schemas import (
    DIRECTIONS,
    INVALID_DATE,
    INVALID_DEBT_ID,
    INVALID_DIRECTION,
    INVALID_STATUS,
    INVALID_TYPE,
    STATUSES,
    TYPES,
)
from relance.followups.tables import followups
from relance.kit.ids import IdKind

INVALID_BOOLEAN = "Must be true or false"

f = followups.c


def _csv_enum(values: tuple[str, ...]) -> dict[str, Any]:
    return {
        "type": "string",
        "minLength": 1,
        "description": "one value or a comma-separated list of: " + ", ".join(values),
    }


# Every value must be non-empty (kit.query_values): an empty one is a 400 naming it.
_DATE = {"type": "string", "format": "date-time", "minLength": 1}

# The debt a list is narrowed to: given by the path on /debt/{debtId}, else by ?debt_id=.
DEBT: FollowupFilter = Filter(
    "debt_id",
    encrypted_id(IdKind.DEBT),
    INVALID_DEBT_ID,
    lambda p: f.debt_id == p[0],
    schema={"type": "string", "minLength": 1},
    description="Only this debt's followups",
    scope=True,
)

# Scope filters come first (see ``SCOPE_COUNT``); the rest follow in the order they are
# documented, checked and written into the SQL.
FILTERS: tuple[FollowupFilter, ...] = (
    DEBT,
    Filter(
        "status",
        choices(STATUSES),
        INVALID_STATUS,
        lambda p: f.status.in_(p),
        many=True,
        schema=_csv_enum(STATUSES),
        description="Filter on status",
    ),
    Filter(
        "type",
        choices(TYPES),
        INVALID_TYPE,
        lambda p: f.type.in_(p),
        many=True,
        schema=_csv_enum(TYPES),
        description="Filter on type",
    ),
    Filter(
        "direction",
        one_of(DIRECTIONS),
        INVALID_DIRECTION,
        lambda p: f.direction == p[0],
        schema={"type": "string", "enum": list(DIRECTIONS)},
        description="Filter on direction",
    ),
    Filter(
        "date_from",
        TIMESTAMP,
        INVALID_DATE,
        lambda p: f.activity_at >= p[0],
        schema=_DATE,
        description="Activity date at or after (ISO 8601)",
    ),
    Filter(
        "date_to",
        UPPER_BOUND,  # the value is the exclusive bound just past the day or second given
        INVALID_DATE,
        lambda p: f.activity_at < p[0],
        schema=_DATE,
        description="Activity date at or before (ISO 8601; a bare date covers the day)",
        bind="date_before",
    ),
    Filter(
        "updated_since",
        TIMESTAMP,  # inclusive: a sync sees a row twice rather than never
        INVALID_DATE,
        lambda p: f.updated_at >= p[0],
        schema=_DATE,
        description="Changed (of any kind) at or after (ISO 8601)",
    ),
    Filter(
        "triggered_payment",
        BOOLEAN,
        INVALID_BOOLEAN,
        lambda p: f.triggered_payment == p[0],
        schema={"type": "boolean"},
        description="Filter on triggered_payment",
    ),
)

# The fingerprint and the OpenAPI order put the scope before the sort and the row filters after.
SCOPE_COUNT = sum(1 for spec in FILTERS if spec.scope)
DEBT_INDEX = FILTERS.index(DEBT)
if not all(spec.scope for spec in FILTERS[:SCOPE_COUNT]):
    raise RuntimeError("scope filters come first in FILTERS")
SCOPE_FILTERS = FILTERS[:SCOPE_COUNT]
ROW_FILTERS = FILTERS[SCOPE_COUNT:]
