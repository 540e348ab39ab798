"""Query parameters of the followup lists → a validated ListQuery (400 names each bad param).

Rules: a value sent empty or with control characters is refused (``kit.query_values``);
``page`` is at most ``kit.paging.MAX_PAGE``; the filters and how each reads are the table of
``filters.py``; unknown parameters are ignored, as most HTTP APIs do.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import QueryParams

from relance.db.list_filters import arities
from relance.followups.listing.filter_kinds import FollowupFilter
from relance.followups.listing.filters import DEBT_INDEX, FILTERS, ROW_FILTERS, SCOPE_COUNT
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec
from relance.kit.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE
from relance.kit.query_values import query_problems

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
PAGE_WITH_CURSOR = "Cannot be combined with cursor"
_INTEGER = re.compile(r"[+-]?[0-9]{1,9}")
PARAMETERS = frozenset({"page", "limit", "cursor", "sort", *(spec.name for spec in FILTERS)})


@dataclass(frozen=True, slots=True)
class ListQuery:
    sort: str
    limit: int
    page: int
    cursor: str | None
    # One value per entry of FILTERS, in its order (None, or () for a list, when absent).
    filters: tuple[Any, ...] = tuple(spec.absent for spec in FILTERS)

    @property
    def debt_key(self) -> int | None:
        key: int | None = self.filters[DEBT_INDEX]
        return key

    @property
    def has_row_filters(self) -> bool:
        """True when a filter other than the debt applies (the debt's counter is then no total)."""
        return any(arities(ROW_FILTERS, self.filters[SCOPE_COUNT:]))

    def fingerprint(self, company_id: int) -> bytes:
        """8 bytes naming the company, filters and sort, sealed into cursors."""
        # Scope, sort, then row filters: the layout cursors were first sealed with, so a cursor
        # minted before the filter table still opens.
        values = self.filters
        parts = [company_id, *values[:SCOPE_COUNT], self.sort, *values[SCOPE_COUNT:]]
        return hashlib.sha256(repr(parts).encode()).digest()[:8]


def parse_list_query(params: QueryParams, ids: IdCodec, debt_key: int | None = None) -> ListQuery:
    """``debt_key`` is the debt named by the path, which ``?debt_id=`` cannot change."""
    refused = query_problems(params.multi_items(), PARAMETERS)
    errors: dict[str, str] = {}

    def value(name: str) -> str | None:
        raw = params.get(name)
        return raw if raw and name not in refused else None

    cursor = value("cursor")
    limit = _integer(value("limit"), DEFAULT_LIMIT, MAX_LIMIT, "limit", errors)
    page = _integer(value("page"), 1, MAX_PAGE, "page", errors)
    if cursor is not None and value("page") is not None:
        errors["page"] = PAGE_WITH_CURSOR
    sort = value("sort") or DEFAULT_SORT
    if sort not in SORTS:
        errors["sort"] = INVALID_SORT
    filters: list[Any] = []
    for spec in FILTERS:
        if spec.scope and debt_key is not None:
            filters.append(debt_key)
        else:
            filters.append(read_filter(spec, params, ids, refused, errors))
    errors.update(refused)
    if errors:
        raise ValidationFailed(errors)
    return ListQuery(sort, limit, page, cursor, tuple(filters))


def read_filter(
    spec: FollowupFilter,
    params: QueryParams,
    ids: IdCodec,
    refused: Mapping[str, str],
    errors: dict[str, str],
) -> Any:
    """The filter's value, or its absence when it was ``refused`` already (empty, controls) or
    is bad (its message then lands in ``errors``)."""
    if spec.name in refused:
        return spec.absent
    try:
        return spec.read(params, spec.name, ids)
    except ValueError as error:
        errors[spec.name] = spec.message or str(error)
        return spec.absent


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
