"""Query strings of the list endpoints: SPEC 1 paging and the GET /debts filters (declared in
``list_filters.py``).

Every problem is reported at once as a 400 ``Validation failed``; nothing is clamped, an
unknown parameter is refused (a typo such as ``min_amout`` must not silently widen a list), and
so is a value sent empty or with control characters (``kit.query_values``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from relance.debts.debt_list import DebtFilters
from relance.debts.list_filters import DEBT_FILTERS
from relance.kit.errors import ValidationFailed
from relance.kit.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE
from relance.kit.query_values import query_problems

PAGE_MESSAGE = f"Page must be an integer between 1 and {MAX_PAGE}"
LIMIT_MESSAGE = f"Limit must be an integer between 1 and {MAX_LIMIT}"
UNKNOWN_PARAMETER = "Unknown parameter"
MAX_BELOW_MIN = "max_amount cannot be less than min_amount"
_DIGITS = re.compile(r"\d{1,9}")
_PAGING = frozenset({"page", "limit"})
_DEBT_LIST = _PAGING | {spec.name for spec in DEBT_FILTERS}


@dataclass(frozen=True, slots=True)
class PageRequest:
    page: int = 1
    limit: int = DEFAULT_LIMIT

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def parse_page_only(query: Mapping[str, str]) -> PageRequest:
    details = _unknown(query, _PAGING)
    paging = _paging(query, details)
    details.update(query_problems(query.items()))
    if details:
        raise ValidationFailed(details)
    return paging


def parse_debt_list(query: Mapping[str, str]) -> tuple[DebtFilters, PageRequest]:
    details = _unknown(query, _DEBT_LIST)
    paging = _paging(query, details)
    refused = query_problems(query.items())
    values: list[Any] = []
    for spec in DEBT_FILTERS:
        value = spec.absent
        if spec.name in query and spec.name not in refused:
            try:
                value = spec.read(query[spec.name])
            except ValueError as error:
                details[spec.name] = spec.message or str(error)
        values.append(spec.absent if value is None else value)
    filters = DebtFilters(tuple(values))
    low, high = filters.value("min_amount"), filters.value("max_amount")
    if low is not None and high is not None and high < low:
        details["max_amount"] = MAX_BELOW_MIN
    details.update(refused)
    if details:
        raise ValidationFailed(details)
    return filters, paging


def _unknown(query: Mapping[str, str], known: frozenset[str]) -> dict[str, str]:
    return {name: UNKNOWN_PARAMETER for name in query if name not in known}


def _paging(query: Mapping[str, str], details: dict[str, str]) -> PageRequest:
    page = _integer(query.get("page", "1"))
    if page is None or not 1 <= page <= MAX_PAGE:
        details["page"] = PAGE_MESSAGE
    limit = _integer(query.get("limit", str(DEFAULT_LIMIT)))
    if limit is None or not 1 <= limit <= MAX_LIMIT:
        details["limit"] = LIMIT_MESSAGE
    return PageRequest(page or 1, limit or DEFAULT_LIMIT)


def _integer(text: str) -> int | None:
    return int(text) if _DIGITS.fullmatch(text) else None
