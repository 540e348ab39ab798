"""The write transaction: BEGIN with the first statement, and writes that run alone."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.sql.base import Executable

from relance.db.transaction import write_transaction
from relance.db.tx import Database
from relance.debts.tables import debts
from relance.followups import statements as sql
from relance.kit.ids import IdKind
from tests import backends
from tests.conftest import Factory, Tenant
from tests.followups.helpers import debt_counters

BUMP_RETURNING = sql.DEBT_COUNTERS.returning(debts.c.followups_count)


class Abandoned(Exception):
    """Raised at the end of a transaction body to make it roll back."""


def _bump(factory: Factory, tenant: Tenant, debt_id: str) -> dict[str, int]:
    key = factory.state.ids.decode(IdKind.DEBT, debt_id)
    assert key is not None
    return {
        "debt_id": key,
        "company_id": tenant.company_id,
        "d_followups": 1,
        "d_reminders": 0,
        "d_answered": 0,
    }


async def _two_bumps_then_fail(database: Database, bump: dict[str, Any]) -> None:
    async with write_transaction(database) as tx:
        assert await tx.execute(sql.DEBT_COUNTERS, bump) == 1
        assert await tx.fetch_one_alone(BUMP_RETURNING, bump) == {"followups_count": 2}
        raise Abandoned


# A SELECT over a data-modifying CTE writes too (the one-statement update has that shape);
# SQLite has no data-modifying CTEs, so only PostgreSQL is given one.
BUMP_AS_SELECT = sa.select(BUMP_RETURNING.cte("bumped"))
SECOND_WRITES = [pytest.param(sql.DEBT_COUNTERS, id="update")] + (
    [pytest.param(BUMP_AS_SELECT, id="select-over-dml-cte")]
    if backends.backend() == "postgresql"
    else []
)


async def _lone_bump_then_read_then_write(
    database: Database, bump: dict[str, Any], second: Executable
) -> None:
    async with write_transaction(database) as tx:
        assert await tx.fetch_one_alone(BUMP_RETURNING, bump) == {"followups_count": 1}
        owner = await tx.fetch_val(sql.DEBT_OWNER, {"debt_id": bump["debt_id"]})
        assert owner == bump["company_id"]  # reads may follow a lone write
        await tx.fetch_all(second, bump)
        raise Abandoned


async def test_a_lone_write_after_another_statement_joins_the_transaction(
    factory: Factory, tenant: Tenant
) -> None:
    debt_id = await factory.make_debt(tenant)
    with pytest.raises(Abandoned):
        await _two_bumps_then_fail(factory.state.database, _bump(factory, tenant, debt_id))
    assert (await debt_counters(factory, debt_id))["followups_count"] == 0


@pytest.mark.parametrize("second", SECOND_WRITES)
async def test_a_write_after_one_that_ran_alone_is_refused_on_postgresql(
    factory: Factory, tenant: Tenant, second: Executable
) -> None:
    """PostgreSQL commits a lone write at once, so a second write could not be undone with it:
    it raises instead of running. SQLite keeps both inside its BEGIN IMMEDIATE."""
    debt_id = await factory.make_debt(tenant)
    bump = _bump(factory, tenant, debt_id)
    if backends.backend() == "postgresql":
        with pytest.raises(RuntimeError, match="atomic"):
            await _lone_bump_then_read_then_write(factory.state.database, bump, second)
        assert (await debt_counters(factory, debt_id))["followups_count"] == 1
    else:
        with pytest.raises(Abandoned):
            await _lone_bump_then_read_then_write(factory.state.database, bump, second)
        assert (await debt_counters(factory, debt_id))["followups_count"] == 0
