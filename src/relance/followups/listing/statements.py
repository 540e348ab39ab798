"""The list statements, built once per shape (which filters, sort, mode) and cached.

A page-mode list is one round trip: a one-row "anchor" (the total, and for a debt's list the
debt's owner) LEFT JOINed to the page, so an empty page still returns the total. The total is
``debts.followups_count`` for an unfiltered debt list, else a ``count(*)`` bounded by the
company (and debt) and served by the ``(company_id, ...)`` indexes. Cursor pages are keyset
(``(sort key, id)`` past the last row seen) and never use OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param
from sqlalchemy.sql import Select

from relance.db.list_filters import arities
from relance.db.list_filters import bind_values as bind_filters
from relance.db.list_filters import conditions as filter_conditions
from relance.debts.tables import debts
from relance.followups.listing.filters import DEBT, DEBT_INDEX, FILTERS, SCOPE_COUNT
from relance.followups.listing.query import SORTS, ListQuery
from relance.followups.schemas import WRITABLE_FIELDS
from relance.followups.tables import followups

f = followups.c
NULLABLE_SORT_COLUMNS = frozenset({"scheduled_at"})
# What a list row needs: the wire object's columns (serializer.py) and, added per sort, the
# sort key for the next cursor. Every other column costs decoding on every row for nothing.
LIST_COLUMNS = (
    "id",
    "company_id",
    "debt_id",
    *WRITABLE_FIELDS,
    "audio_key",
    "pdf_key",
    "processed_at",
    "triggered_payment",
    "email_open_count",
    "email_first_opened_at",
    "email_click_count",
)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a statement depends on (never a value): one arity per entry of FILTERS (0 when
    absent, else how many values it binds), the sort, and the pagination mode."""

    filters: tuple[int, ...]
    sort: str
    cursor: bool
    # Keyset only: None on a first cursor page, else whether the last key seen was null.
    after_null: bool | None = None

    @classmethod
    def of(cls, query: ListQuery, cursor: bool, after_null: bool | None) -> Shape:
        return cls(arities(FILTERS, query.filters), query.sort, cursor, after_null)

    @property
    def by_debt(self) -> bool:
        return self.filters[DEBT_INDEX] > 0

    @property
    def has_row_filters(self) -> bool:
        return any(self.filters[SCOPE_COUNT:])


def bind_values(query: ListQuery, company_id: int) -> dict[str, Any]:
    """The parameters the shape of ``query`` expects: the company and each present filter's."""
    return bind_filters(FILTERS, query.filters, {"company_id": company_id})


def _conditions(shape: Shape) -> list[sa.ColumnElement[bool]]:
    return [f.company_id == param("company_id"), *filter_conditions(FILTERS, shape.filters)]


def _order(columns: Any, sort: str) -> list[sa.ColumnElement[Any]]:
    name, descending = SORTS[sort]
    key, row_id = columns[name], columns["id"]
    ordered = key.desc() if descending else key.asc()
    if name in NULLABLE_SORT_COLUMNS:
        ordered = ordered.nulls_last()  # rows without a date come last in both directions
    return [ordered, row_id.desc() if descending else row_id.asc()]


def _after(shape: Shape) -> sa.ColumnElement[bool]:
    """Rows strictly after the last one seen, in the order of ``_order``."""
    name, descending = SORTS[shape.sort]
    key = f[name]
    last_key, last_id = param("after_key", type_=key.type), param("after_id", type_=f.id.type)
    past_id = f.id < last_id if descending else f.id > last_id
    if shape.after_null:
        return sa.and_(key.is_(None), past_id)
    pair, last = sa.tuple_(key, f.id), sa.tuple_(last_key, last_id)
    past = pair < last if descending else pair > last
    if name in NULLABLE_SORT_COLUMNS:
        return sa.or_(past, key.is_(None))
    return past


def _rows(shape: Shape) -> Select[Any]:
    where = _conditions(shape)
    if shape.cursor and shape.after_null is not None:
        where.append(_after(shape))
    sort_column = SORTS[shape.sort][0]
    names = LIST_COLUMNS if sort_column in LIST_COLUMNS else (*LIST_COLUMNS, sort_column)
    rows = sa.select(*(f[name] for name in names)).where(*where).order_by(*_order(f, shape.sort))
    rows = rows.limit(param("limit", type_=sa.Integer))
    if not shape.cursor:
        rows = rows.offset(param("offset", type_=sa.Integer))
    return rows


def _total(shape: Shape) -> sa.ColumnElement[Any]:
    if shape.by_debt and not shape.has_row_filters:
        return debts.c.followups_count
    count = sa.select(sa.func.count()).select_from(followups).where(*_conditions(shape))
    return count.scalar_subquery()


def _anchor(shape: Shape) -> sa.Subquery | None:
    columns: list[sa.ColumnElement[Any]] = []
    if not shape.cursor:
        columns.append(_total(shape).label("list_total"))
    if shape.by_debt:
        columns.append(debts.c.company_id.label("debt_company_id"))
        return sa.select(*columns).where(debts.c.id == param(DEBT.bind_name)).subquery("anchor")
    return sa.select(*columns).subquery("anchor") if columns else None


@cache
def statement(shape: Shape) -> Select[Any]:
    """The statement of one shape; built and compiled once, every value a bind parameter."""
    rows = _rows(shape)
    anchor = _anchor(shape)
    if anchor is None:
        return rows
    page = rows.subquery("page")
    joined = anchor.outerjoin(page, sa.true())
    return sa.select(anchor, page).select_from(joined).order_by(*_order(page.c, shape.sort))
