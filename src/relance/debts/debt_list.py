"""GET /debts statements: one compiled statement per filter shape, every value a bindparam."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.auth.tables import companies
from relance.debts.tables import debts


@dataclass(frozen=True, slots=True)
class DebtFilters:
    statuses: tuple[str, ...] = ()
    currency: str | None = None
    min_cents: int | None = None
    max_cents: int | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    q: str | None = None

    @property
    def shape(self) -> tuple[int, bool, bool, bool, bool, bool, bool]:
        """What the statement depends on: which filters are present, and how many statuses."""
        return (
            len(self.statuses),
            self.currency is not None,
            self.min_cents is not None,
            self.max_cents is not None,
            self.created_after is not None,
            self.created_before is not None,
            self.q is not None,
        )

    def params(self, company_id: int) -> dict[str, Any]:
        values: dict[str, Any] = {"company_id": company_id}
        values.update({f"status_{i}": status for i, status in enumerate(self.statuses)})
        optional = {
            "currency": self.currency,
            "min_cents": self.min_cents,
            "max_cents": self.max_cents,
            "created_after": self.created_after,
            "created_before": self.created_before,
            "q": None if self.q is None else like_pattern(self.q),
        }
        values.update({key: value for key, value in optional.items() if value is not None})
        return values


def like_pattern(text: str) -> str:
    """Substring match; the client's % and _ are literal characters."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _search(q: sa.BindParameter[str]) -> sa.ColumnElement[bool]:
    full_name = debts.c.firstname + " " + debts.c.lastname
    columns = (
        debts.c.internal_id, debts.c.firstname, debts.c.lastname, full_name,
        debts.c.email, debts.c.invoice_reference,
    )  # fmt: skip
    return sa.or_(*(column.ilike(q, escape="\\") for column in columns))


def _conditions(shape: tuple[int, bool, bool, bool, bool, bool, bool]) -> list[Any]:
    n_statuses, currency, min_amount, max_amount, after, before, q = shape
    conditions: list[Any] = [debts.c.company_id == param("company_id")]
    if n_statuses:
        conditions.append(
            sa.or_(*(debts.c.status == param(f"status_{i}") for i in range(n_statuses)))
        )
    if currency:
        conditions.append(debts.c.currency == param("currency"))
    if min_amount:
        conditions.append(debts.c.amount_cents >= param("min_cents"))
    if max_amount:
        conditions.append(debts.c.amount_cents <= param("max_cents"))
    if after:
        conditions.append(debts.c.created_at > param("created_after"))
    if before:
        conditions.append(debts.c.created_at < param("created_before"))
    if q:
        conditions.append(_search(param("q", type_=sa.String)))
    return conditions


# At most 12 * 2**6 shapes, so the caches (and the compiled-statement cache) stay small.
@cache
def count_statement(shape: tuple[int, bool, bool, bool, bool, bool, bool]) -> sa.Select[Any]:
    return sa.select(sa.func.count()).select_from(debts).where(*_conditions(shape))


@cache
def page_statement(shape: tuple[int, bool, bool, bool, bool, bool, bool]) -> sa.Select[Any]:
    return (
        sa.select(debts, companies.c.name.label("company"))
        .join_from(debts, companies, companies.c.id == debts.c.company_id)
        .where(*_conditions(shape))
        .order_by(debts.c.created_at.desc(), debts.c.id.desc())
        .limit(param("limit"))
        .offset(param("offset"))
    )
