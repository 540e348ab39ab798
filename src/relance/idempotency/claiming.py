"""The claim of a keyed POST's key (SPEC 9), made by the first statement of its transaction.

``ClaimingTx`` hands the write transaction to the route: before its first statement it claims
the key (an INSERT on the (company, key) primary key), unless that statement claims the key
itself. PostgreSQL's one-statement create does (``statement_claim.py``): the claim, the write
and the kept answer are one autocommitted statement instead of BEGIN, claim, write, store,
COMMIT, the same exactly-once guarantee in one round trip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.sql.base import Executable

from relance.db.tx import Tx
from relance.idempotency.repository import IdempotencyRepository

# The column a claiming statement adds to its one row: its target was there, the key was not.
CLAIM_TAKEN = "claim_taken"


class KeyTaken(Exception):
    """A live row holds the key: this request is a retry (or a reuse) of an earlier one."""


@dataclass(slots=True)
class KeyClaim:
    keys: IdempotencyRepository
    key: str
    fingerprint: str
    now: datetime
    cutoff: datetime
    made: bool = False  # the claim ran (alone, or inside a statement)
    answered: bool = False  # ... inside a statement that also kept the answer

    async def make(self) -> None:
        if self.made:
            return
        self.made = True
        if not await self.keys.claim(self.key, self.fingerprint, self.now, self.cutoff):
            raise KeyTaken()

    def statement_params(self, status_code: int) -> dict[str, Any]:
        """The binds of a claiming statement (``statement_claim``), which makes the claim."""
        self.made = True
        return {
            "claim_key": self.key,
            "claim_fingerprint": self.fingerprint,
            "claim_status": status_code,
            "claim_now": self.now,
            "claim_cutoff": self.cutoff,
        }

    def settle(self, row: dict[str, Any] | None) -> dict[str, Any]:
        """The claiming statement's one row, without ``claim_taken``; KeyTaken on a retry. An
        ``id`` of None: it wrote nothing (its target missing, or a guard refused) and claimed
        nothing: the key is still to claim, by whatever statement comes next."""
        assert row is not None, "a claiming statement answers one row"
        if row.pop(CLAIM_TAKEN):
            raise KeyTaken()
        if row["id"] is None:
            self.made = False
        else:
            self.answered = True
        return row


class ClaimingTx:
    """A write transaction whose first statement claims the key (see the module's doc)."""

    def __init__(self, tx: Tx, claim: KeyClaim) -> None:
        self.tx = tx
        self.claim = claim
        self.dialect_name = tx.dialect_name

    async def fetch_all(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        await self.claim.make()
        return await self.tx.fetch_all(query, params)

    async def fetch_rows(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> Sequence[Mapping[str, Any]]:
        await self.claim.make()
        return await self.tx.fetch_rows(query, params)

    async def fetch_one(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        await self.claim.make()
        return await self.tx.fetch_one(query, params)

    async def fetch_one_alone(
        self, query: Executable, params: Mapping[str, Any] | None = None
    ) -> dict[str, Any] | None:
        await self.claim.make()
        return await self.tx.fetch_one_alone(query, params)

    async def fetch_val(self, query: Executable, params: Mapping[str, Any] | None = None) -> Any:
        await self.claim.make()
        return await self.tx.fetch_val(query, params)

    async def execute(self, query: Executable, params: Mapping[str, Any] | None = None) -> int:
        await self.claim.make()
        return await self.tx.execute(query, params)

    async def execute_many(self, query: Executable, params: Sequence[Mapping[str, Any]]) -> None:
        await self.claim.make()
        await self.tx.execute_many(query, params)

    def lone_statement_wrote_nothing(self) -> None:
        self.tx.lone_statement_wrote_nothing()

    async def fetch_one_claiming(
        self, query: Executable, params: Mapping[str, Any], status_code: int
    ) -> dict[str, Any]:
        """Runs ``query``, a statement that claims the key itself (alone, before anything
        else ran): its one row (``KeyClaim.settle``); KeyTaken on a retry."""
        binds = {**params, **self.claim.statement_params(status_code)}
        row = self.claim.settle(await self.tx.fetch_one_alone(query, binds))
        if row["id"] is None:
            self.tx.lone_statement_wrote_nothing()
        return row


def pending_claim(tx: Tx) -> ClaimingTx | None:
    """``tx`` when it is a keyed POST's on PostgreSQL whose key is still to claim: its next
    write may be a claiming statement."""
    if isinstance(tx, ClaimingTx) and not tx.claim.made and tx.dialect_name == "postgresql":
        return tx
    return None
