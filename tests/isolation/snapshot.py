"""Every row a company owns, read through the app's database layer, to compare before/after.

Ownership follows the schema, so tables added later are covered without editing this file: a
row is the company's when it is the company, carries its ``company_id``, or references (by a
foreign key) a row the company owns, e.g. refresh tokens through ``api_clients``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from relance.auth.tables import companies
from relance.db import Database
from relance.tables import metadata

Snapshot = dict[str, list[dict[str, Any]]]

_COMPANY = sa.bindparam("company")


def _owned(table: sa.Table) -> ColumnElement[bool] | None:
    """The WHERE clause selecting the company's rows of ``table``; None when it holds none."""
    if table is companies:
        return table.c.id == _COMPANY
    if "company_id" in table.c:
        return table.c.company_id == _COMPANY
    references = []
    for key in table.foreign_keys:
        parent = key.column.table
        parent_rows = _owned(parent) if parent is not table else None
        if isinstance(parent, sa.Table) and parent_rows is not None:
            references.append(key.parent.in_(sa.select(key.column).where(parent_rows)))
    return sa.or_(*references) if references else None


@cache
def _statement(table_name: str) -> sa.Select[Any] | None:
    # Built once per table: the database layer caches compiled statements by identity.
    table = metadata.tables[table_name]
    owned = _owned(table)
    if owned is None:
        return None
    order = list(table.primary_key.columns) or list(table.columns)
    return sa.select(table).where(owned).order_by(*order)


async def take(database: Database, company_id: int) -> Snapshot:
    snapshot: Snapshot = {}
    async with database.read() as tx:
        for table in metadata.sorted_tables:
            statement = _statement(table.name)
            if statement is not None:
                snapshot[table.name] = await tx.fetch_all(statement, {"company": company_id})
    return snapshot
