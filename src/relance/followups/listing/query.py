"""Query parameters of the followup lists → a validated ListQuery (400 names each bad param).

Rules: a value sent empty or with control characters is refused (``kit.query_values``);
``page`` is at most ``kit.paging.MAX_PAGE``; ``status`` and ``type`` take one value, a
comma-separated list, or the parameter repeated; ``date_to`` is inclusive to the second shown
on the wire, and a bare date covers that whole day; ``updated_since`` is inclusive (a sync
sees a row twice rather than never); unknown parameters are ignored, as most HTTP APIs do.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from starlette.datastructures import QueryParams

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
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec, IdKind
from relance.kit.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE
from relance.kit.query_values import query_problems
from relance.kit.timestamps import parse_timestamp_seconds as parse_timestamp

# Sort name → (column, descending).
SORTS: dict[str, tuple[str, bool]] = {
    "-activity_date": ("activity_at", True),
    "activity_date": ("activity_at", False),
    "scheduled_at": ("scheduled_at", False),
    "-scheduled_at": ("scheduled_at", True),
    "processed_at": ("processed_at", False),
    "-processed_at": ("processed_at", True),
    "updated_at": ("updated_at", False),
    "-updated_at": ("updated_at", True),
}
DEFAULT_SORT = "-activity_date"
INVALID_SORT = "Invalid sort. Valid values are: " + ", ".join(SORTS)
INVALID_BOOLEAN = "Must be true or false"
PAGE_WITH_CURSOR = "Cannot be combined with cursor"
_INTEGER = re.compile(r"[+-]?[0-9]{1,9}")
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}
PARAMETERS = frozenset(
    {
        "page", "limit", "cursor", "sort", "debt_id", "status", "type", "direction",
        "date_from", "date_to", "updated_since", "triggered_payment",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ListQuery:
    sort: str
    limit: int
    page: int
    cursor: str | None
    debt_key: int | None = None
    statuses: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    direction: str | None = None
    date_from: datetime | None = None
    date_before: datetime | None = None  # exclusive upper bound derived from date_to
    updated_since: datetime | None = None
    triggered_payment: bool | None = None

    @property
    def has_row_filters(self) -> bool:
        """True when a filter other than the debt applies (the debt's counter is then no total)."""
        return bool(
            self.statuses
            or self.types
            or self.direction is not None
            or self.date_from is not None
            or self.date_before is not None
            or self.updated_since is not None
            or self.triggered_payment is not None
        )

    def fingerprint(self, company_id: int) -> bytes:
        """8 bytes naming the company, filters and sort, sealed into cursors."""
        parts: list[Any] = [
            company_id,
            self.debt_key,
            self.sort,
            self.statuses,
            self.types,
            self.direction,
            self.date_from,
            self.date_before,
            self.updated_since,
            self.triggered_payment,
        ]
        return hashlib.sha256(repr(parts).encode()).digest()[:8]


def parse_list_query(params: QueryParams, ids: IdCodec, debt_key: int | None = None) -> ListQuery:
    refused = query_problems(params.multi_items(), PARAMETERS)
    errors: dict[str, str] = {}
    values: dict[str, Any] = {}

    def value(name: str) -> str | None:
        raw = params.get(name)
        return raw if raw and name not in refused else None

    cursor = value("cursor")
    values["limit"] = _integer(value("limit"), DEFAULT_LIMIT, MAX_LIMIT, "limit", errors)
    values["page"] = _integer(value("page"), 1, MAX_PAGE, "page", errors)
    if cursor is not None and value("page") is not None:
        errors["page"] = PAGE_WITH_CURSOR
    sort = value("sort") or DEFAULT_SORT
    if sort not in SORTS:
        errors["sort"] = INVALID_SORT
    if debt_key is None and value("debt_id") is not None:
        debt_key = ids.decode(IdKind.DEBT, value("debt_id"))
        if debt_key is None:
            errors["debt_id"] = INVALID_DEBT_ID
    if "status" not in refused:
        values["statuses"] = _choices(params, "status", STATUSES, INVALID_STATUS, errors)
    if "type" not in refused:
        values["types"] = _choices(params, "type", TYPES, INVALID_TYPE, errors)
    direction = value("direction")
    if direction is not None and direction not in DIRECTIONS:
        errors["direction"] = INVALID_DIRECTION
    values["date_from"] = _timestamp(value("date_from"), "date_from", errors)
    values["date_before"] = _upper_bound(value("date_to"), errors)
    values["updated_since"] = _timestamp(value("updated_since"), "updated_since", errors)
    triggered = value("triggered_payment")
    if triggered is not None and triggered.lower() not in _BOOLEANS:
        errors["triggered_payment"] = INVALID_BOOLEAN
    errors.update(refused)
    if errors:
        raise ValidationFailed(errors)
    return ListQuery(
        sort=sort,
        cursor=cursor,
        debt_key=debt_key,
        direction=direction,
        triggered_payment=None if triggered is None else _BOOLEANS[triggered.lower()],
        **values,
    )


def _integer(raw: str | None, default: int, maximum: int, name: str, errors: dict[str, str]) -> int:
    if raw is None:
        return default
    if not _INTEGER.fullmatch(raw):
        errors[name] = "Must be an integer"
        return default
    number = int(raw)
    if number < 1:
        errors[name] = "Must be at least 1"
    elif number > maximum:
        errors[name] = f"Must be at most {maximum}"
    return number


def _choices(
    params: QueryParams, name: str, allowed: tuple[str, ...], message: str, errors: dict[str, str]
) -> tuple[str, ...]:
    chosen = {part.strip() for raw in params.getlist(name) for part in raw.split(",")}
    chosen.discard("")
    if not chosen <= set(allowed):
        errors[name] = message
        return ()
    return tuple(sorted(chosen))


def _timestamp(raw: str | None, name: str, errors: dict[str, str]) -> datetime | None:
    if raw is None:
        return None
    try:
        return parse_timestamp(raw)
    except ValueError:
        errors[name] = INVALID_DATE
        return None


def _upper_bound(raw: str | None, errors: dict[str, str]) -> datetime | None:
    moment = _timestamp(raw, "date_to", errors)
    if raw is None or moment is None:
        return None
    # Inclusive to the second the wire shows (stored times may carry microseconds).
    return moment + (timedelta(days=1) if len(raw) == 10 else timedelta(seconds=1))
