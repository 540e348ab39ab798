"""The GET /debts filters, declared once: to add a filter, add one entry to ``DEBT_FILTERS``.

Each entry gives the query parameter, its reader (a ValueError's text is the 400 detail) and its
SQL condition; the known parameters and the parsing (``list_params.py``) and the cached
statements and their bind values (``debt_list.py``) are derived from this table, in its order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from relance.db.list_filters import Filter
from relance.debts import fields, statuses
from relance.debts.amounts import parse_amount, to_cents
from relance.debts.tables import debts

DebtReader = Callable[[str], Any]
DebtFilter = Filter[DebtReader]

d = debts.c


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


def _search_pattern(text: str) -> str | None:
    """The LIKE pattern of a substring search; the client's % and _ are literal characters."""
    text = text.strip()
    if len(text) > 200:
        raise ValueError("Must be at most 200 characters")
    if not text:
        return None
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search(pattern: sa.BindParameter[Any]) -> sa.ColumnElement[bool]:
    full_name = d.firstname + " " + d.lastname
    columns = (d.internal_id, d.firstname, d.lastname, full_name, d.email, d.invoice_reference)
    return sa.or_(*(column.ilike(pattern, escape="\\") for column in columns))


DEBT_FILTERS: tuple[DebtFilter, ...] = (
    Filter(
        "status",
        _statuses,
        None,
        lambda p: sa.or_(*(d.status == one for one in p)),
        many=True,
    ),
    Filter("currency", fields.currency, None, lambda p: d.currency == p[0]),
    Filter("min_amount", _filter_cents, None, lambda p: d.amount_cents >= p[0], bind="min_cents"),
    Filter("max_amount", _filter_cents, None, lambda p: d.amount_cents <= p[0], bind="max_cents"),
    Filter("created_after", fields.timestamp, None, lambda p: d.created_at > p[0]),
    Filter("created_before", fields.timestamp, None, lambda p: d.created_at < p[0]),
    Filter("q", _search_pattern, None, lambda p: _search(p[0])),
)
