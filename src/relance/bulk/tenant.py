"""The company a bulk command works for, from its public id (``--company``)."""

from __future__ import annotations

from relance.auth import repository as auth_repository
from relance.bulk.kinds import Tenant
from relance.bulk.records import CommandRefused
from relance.config import Settings
from relance.db.tx import Database, StatementTx
from relance.kit.ids import IdCodec, IdKind


async def find_tenant(database: Database, settings: Settings, company: str) -> Tenant:
    ids = IdCodec(settings.secret)
    key = ids.decode(IdKind.COMPANY, company)
    if key is None:
        raise CommandRefused(f"not a company id: {company}")
    if await auth_repository.get_company(StatementTx(database), key) is None:
        raise CommandRefused(f"no such company: {company}")
    return Tenant(key, ids, settings)
