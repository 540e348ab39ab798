"""Query strings of the list endpoints: SPEC 1 paging and the GET /debts filters.

Every problem is reported at once as a 400 ``Validation failed``; nothing is clamped, an
unknown parameter is refused (a typo such as ``min_amout`` must not silently widen a list), and
so is a value sent empty or with control characters (``kit.query_values``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from relance.debts import fields, statuses
from relance.debts.amounts import parse_amount, to_cents
from relance.debts.debt_list import DebtFilters
from relance.kit.errors import ValidationFailed
from relance.kit.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE
from relance.kit.query_values import query_problems

PAGE_MESSAGE = f"Page must be an integer between 1 and {MAX_PAGE}"
LIMIT_MESSAGE = f"Limit must be an integer between 1 and {MAX_LIMIT}"
UNKNOWN_PARAMETER = "Unknown parameter"
MAX_BELOW_MIN = "max_amount cannot be less than min_amount"
_DIGITS = re.compile(r"\d{1,9}")
_PAGING = frozenset({"page", "limit"})
_DEBT_FILTERS = frozenset(
    {"status", "currency", "min_amount", "max_amount", "created_after", "created_before", "q"}
)


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
    details = _unknown(query, _PAGING | _DEBT_FILTERS)
    paging = _paging(query, details)

    refused = query_problems(query.items())

    def read(name: str, rule: Callable[[str], Any]) -> Any:
        if name not in query or name in refused:
            return None
        try:
            return rule(query[name])
        except ValueError as error:
            details[name] = str(error)
            return None

    filters = DebtFilters(
        statuses=read("status", _statuses) or (),
        currency=read("currency", fields.currency),
        min_cents=read("min_amount", _filter_cents),
        max_cents=read("max_amount", _filter_cents),
        created_after=read("created_after", fields.timestamp),
        created_before=read("created_before", fields.timestamp),
        q=read("q", _search_text),
    )
    low, high = filters.min_cents, filters.max_cents
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


def _statuses(text: str) -> tuple[str, ...]:
    """One status or a comma-separated list, full or short form; duplicates dropped."""
    chosen: dict[str, None] = {}
    for part in text.split(","):
        status = statuses.full_form(part)
        if status not in statuses.ALL:
            raise ValueError(statuses.INVALID_FILTER)
        chosen.setdefault(status, None)
    return tuple(chosen)


def _filter_cents(text: str) -> int:
    return to_cents(parse_amount(text, allow_zero=True))


def _search_text(text: str) -> str | None:
    text = text.strip()
    if len(text) > 200:
        raise ValueError("Must be at most 200 characters")
    return text or None
