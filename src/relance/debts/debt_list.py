"""GET /debts statements: one compiled statement per filter shape, every value a bindparam.

The filters and their conditions are the table of ``list_filters.py``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.auth.tables import companies
from relance.db.list_filters import arities, bind_values, conditions
from relance.debts.list_filters import DEBT_FILTERS
from relance.debts.tables import debts

Shape = tuple[int, ...]  # per entry of DEBT_FILTERS: 0 when absent, else how many values


@dataclass(frozen=True, slots=True)
class DebtFilters:
    # One value per entry of DEBT_FILTERS, in its order (None, or () for a list, when absent).
    values: tuple[Any, ...] = tuple(spec.absent for spec in DEBT_FILTERS)

    def value(self, name: str) -> Any:
        return self.values[_POSITION[name]]

    @property
    def shape(self) -> Shape:
        """What the statement depends on: which filters are present, and how many statuses."""
        return arities(DEBT_FILTERS, self.values)

    def params(self, company_id: int) -> dict[str, Any]:
        return bind_values(DEBT_FILTERS, self.values, {"company_id": company_id})


_POSITION = {spec.name: i for i, spec in enumerate(DEBT_FILTERS)}


def _conditions(shape: Shape) -> list[Any]:
    return [debts.c.company_id == param("company_id"), *conditions(DEBT_FILTERS, shape)]


# At most 12 * 2**6 shapes, so the caches (and the compiled-statement cache) stay small.
@cache
def count_statement(shape: Shape) -> sa.Select[Any]:
    return sa.select(sa.func.count()).select_from(debts).where(*_conditions(shape))


@cache
def page_statement(shape: Shape) -> sa.Select[Any]:
    return (
        sa.select(debts, companies.c.name.label("company"))
        .join_from(debts, companies, companies.c.id == debts.c.company_id)
        .where(*_conditions(shape))
        .order_by(debts.c.created_at.desc(), debts.c.id.desc())
        .limit(param("limit"))
        .offset(param("offset"))
    )
