"""The matrix's own checks catch what they are there to catch, so a green matrix means something."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import FastAPI

from relance.db.transaction import write_transaction
from relance.debts.tables import payments
from relance.followups.tables import followups
from relance.kit.ids import IdKind
from relance.kit.timestamps import utcnow
from tests.isolation import snapshot
from tests.isolation.estate import FOREIGN_MARKER
from tests.isolation.foreign import World


async def _take(app: FastAPI, world: World) -> snapshot.Snapshot:
    state = app.state.relance
    return await snapshot.take(state.database, state.settings.media_dir, world.foreign.company_id)


async def test_the_foreign_estate_fills_every_table_an_attack_could_touch(
    app: FastAPI, world: World
) -> None:
    """The snapshot proves something only if the foreign tenant owns rows of every kind."""
    taken = await _take(app, world)
    for name in ("debts", "followups", "payments", "email_events", "media files", "api_clients"):
        assert taken[name], name
    assert FOREIGN_MARKER in str(taken["payments"])
    assert FOREIGN_MARKER in str(taken["followups"])


async def test_the_snapshot_sees_a_changed_foreign_row_and_a_changed_file(
    app: FastAPI, world: World
) -> None:
    before = await _take(app, world)
    changed = sa.update(followups).where(followups.c.id == sa.bindparam("key"))
    async with write_transaction(app.state.relance.database) as tx:
        await tx.execute(changed.values(summary="changed"), {"key": world.estate.followup_key})
    assert await _take(app, world) != before

    before = await _take(app, world)
    stored = before["media files"][0]["key"]
    (app.state.relance.settings.media_dir / stored).write_bytes(b"%PDF-replaced")
    assert await _take(app, world) != before


async def test_cross_references_find_a_row_pointing_at_another_companys_row(
    app: FastAPI, world: World
) -> None:
    database = app.state.relance.database
    attacker, foreign = world.attacker.company_id, world.foreign.company_id
    assert await snapshot.cross_references(database, attacker, foreign) == []
    now, own_debt = utcnow(), await world.factory.make_debt(world.attacker)
    row = {
        "company_id": attacker,
        "debt_id": app.state.relance.ids.decode(IdKind.DEBT, own_debt),
        "followup_id": world.estate.followup_key,
        "amount_cents": 100,
        "currency": "EUR",
        "paid_at": now,
        "created_at": now,
    }
    async with write_transaction(database) as tx:
        await tx.execute(sa.insert(payments).values({k: sa.bindparam(k) for k in row}), row)
    found = await snapshot.cross_references(database, attacker, foreign)
    assert [entry.split(" ")[0] for entry in found] == ["payments.followup_id"]
