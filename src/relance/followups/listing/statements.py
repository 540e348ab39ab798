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

from relance.debts.tables import debts
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
    by_debt: bool
    statuses: int
    types: int
    direction: bool
    date_from: bool
    date_before: bool
    updated_since: bool
    triggered_payment: bool
    sort: str
    cursor: bool
    # Keyset only: None on a first cursor page, else whether the last key seen was null.
    after_null: bool | None = None

    @classmethod
    def of(cls, query: ListQuery, cursor: bool, after_null: bool | None) -> Shape:
        return cls(
            by_debt=query.debt_key is not None,
            statuses=len(query.statuses),
            types=len(query.types),
            direction=query.direction is not None,
            date_from=query.date_from is not None,
            date_before=query.date_before is not None,
            updated_since=query.updated_since is not None,
            triggered_payment=query.triggered_payment is not None,
            sort=query.sort,
            cursor=cursor,
            after_null=after_null,
        )

    @property
    def has_row_filters(self) -> bool:
        return bool(
            self.statuses
            or self.types
            or self.direction
            or self.date_from
            or self.date_before
            or self.updated_since
            or self.triggered_payment
        )


def bind_values(query: ListQuery, company_id: int) -> dict[str, Any]:
    """The parameters every shape of ``query`` expects (unused ones are ignored)."""
    values: dict[str, Any] = {
        "company_id": company_id,
        "debt_id": query.debt_key,
        "direction": query.direction,
        "date_from": query.date_from,
        "date_before": query.date_before,
        "updated_since": query.updated_since,
        "triggered_payment": query.triggered_payment,
    }
    values.update({f"status_{i}": value for i, value in enumerate(query.statuses)})
    values.update({f"type_{i}": value for i, value in enumerate(query.types)})
    return values


def _conditions(shape: Shape) -> list[sa.ColumnElement[bool]]:
    where: list[sa.ColumnElement[bool]] = [f.company_id == param("company_id")]
    if shape.by_debt:
        where.append(f.debt_id == param("debt_id"))
    if shape.statuses:
        where.append(f.status.in_([param(f"status_{i}") for i in range(shape.statuses)]))
    if shape.types:
        where.append(f.type.in_([param(f"type_{i}") for i in range(shape.types)]))
    if shape.direction:
        where.append(f.direction == param("direction"))
    if shape.date_from:
        where.append(f.activity_at >= param("date_from", type_=f.activity_at.type))
    if shape.date_before:
        where.append(f.activity_at < param("date_before", type_=f.activity_at.type))
    if shape.updated_since:
        where.append(f.updated_at >= param("updated_since", type_=f.updated_at.type))
    if shape.triggered_payment:
        where.append(f.triggered_payment == param("triggered_payment", type_=sa.Boolean))
    return where


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
        return sa.select(*columns).where(debts.c.id == param("debt_id")).subquery("anchor")
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
