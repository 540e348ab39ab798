"""The import ledger's SQL: which lines of a file a company has imported. Written in the
transaction that creates the lines' objects, so a line is in the ledger exactly when its object
exists: a run killed at any instant resumes where its last commit left off."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.bulk.tables import import_ledger
from relance.db.tx import Tx

_l = import_ledger.c
_FILE = (_l.company_id == param("company_id")) & (_l.file_sha256 == param("file_sha256"))
_DONE = sa.select(_l.line).where(
    _FILE & (_l.line >= param("first", type_=sa.Integer)) & (_l.line <= param("last"))
)
_RECORD = sa.insert(import_ledger).values(
    company_id=param("company_id"),
    file_sha256=param("file_sha256"),
    line=param("line"),
    imported_at=param("now"),
)
# PostgreSQL: two runs of one file take turns batch by batch, so the second sees the first's
# lines as done instead of failing on the ledger's key. (SQLite has one writer at a time.)
_TAKE_TURN_PG = sa.select(sa.func.pg_advisory_xact_lock(param("lock", type_=sa.BigInteger)))


class ImportLedger:
    def __init__(self, tx: Tx, company_id: int, file_sha256: str) -> None:
        self.tx = tx
        self._file = {"company_id": company_id, "file_sha256": file_sha256}
        digest = hashlib.sha256(f"relance/import/{company_id}/{file_sha256}".encode()).digest()
        self._lock = int.from_bytes(digest[:8], "big", signed=True)

    async def take_turn(self) -> None:
        """Waits for another run's batch of the same file, until this transaction ends."""
        if self.tx.dialect_name == "postgresql":
            await self.tx.fetch_val(_TAKE_TURN_PG, {"lock": self._lock})

    async def done(self, first: int, last: int) -> set[int]:
        rows = await self.tx.fetch_rows(_DONE, {**self._file, "first": first, "last": last})
        return {row["line"] for row in rows}

    async def record(self, lines: Sequence[int], now: datetime) -> None:
        if lines:
            await self.tx.execute_many(
                _RECORD, [{**self._file, "line": line, "now": now} for line in lines]
            )
