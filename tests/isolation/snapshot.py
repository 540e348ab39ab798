"""Every row a company owns, read through the app's database layer, to compare before/after.

Ownership follows the schema, so tables added later are covered without editing this file: a
row is the company's when it is the company, carries its ``company_id``, or references (by a
foreign key) a row the company owns, e.g. refresh tokens through ``api_clients``. The company's
files in the media store (keys start with its id) are part of the snapshot too.

``cross_references`` finds the other way in: rows of one company pointing (by a foreign key) at
another company's rows, e.g. a payment of the attacker credited to the foreign tenant's followup.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement

from relance.auth.tables import companies
from relance.db.tx import Database
from relance.migrations.all_tables import metadata

Snapshot = dict[str, list[dict[str, Any]]]

_COMPANY: sa.BindParameter[int] = sa.bindparam("company")


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


def _media_files(media_dir: Path, company_id: int) -> list[dict[str, Any]]:
    folder = media_dir / str(company_id)
    if not folder.exists():
        return []
    files = sorted(path for path in folder.rglob("*") if path.is_file())
    return [{"key": str(path.relative_to(media_dir)), "bytes": path.read_bytes()} for path in files]


async def take(database: Database, media_dir: Path, company_id: int) -> Snapshot:
    snapshot: Snapshot = {"media files": _media_files(media_dir, company_id)}
    async with database.read() as tx:
        for table in metadata.sorted_tables:
            statement = _statement(table.name)
            if statement is not None:
                snapshot[table.name] = await tx.fetch_all(statement, {"company": company_id})
    return snapshot


_OTHER: sa.BindParameter[int] = sa.bindparam("other")


@cache
def _cross_statements() -> list[tuple[str, sa.Select[Any]]]:
    """Per foreign key between two company-owned tables: the rows of ``:company`` pointing at
    a row of ``:other``."""
    statements = []
    for table in metadata.sorted_tables:
        if "company_id" not in table.c:
            continue
        for key in table.foreign_keys:
            parent = key.column.table
            if not isinstance(parent, sa.Table) or "company_id" not in parent.c:
                continue
            theirs = sa.select(key.column).where(parent.c.company_id == _OTHER)
            statement = sa.select(table).where(
                table.c.company_id == _COMPANY, key.parent.in_(theirs)
            )
            statements.append((f"{table.name}.{key.parent.name}", statement))
    return statements


async def cross_references(database: Database, company_id: int, other: int) -> list[str]:
    """``table.column`` of every row of ``company_id`` that references a row of ``other``."""
    found: list[str] = []
    async with database.read() as tx:
        for name, statement in _cross_statements():
            rows = await tx.fetch_all(statement, {"company": company_id, "other": other})
            found.extend(f"{name} (row {row})" for row in rows)
    return found
