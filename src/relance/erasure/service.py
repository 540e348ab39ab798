"""``POST /debtors/erase`` and ``GET /erasures/{id}`` (SPEC 13)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from relance.db.tx import Tx
from relance.debts import fields
from relance.debts.errors import DebtForbidden
from relance.erasure import personal
from relance.erasure.errors import ERASURE, LegalHold
from relance.erasure.repository import ErasureRepository
from relance.kit.actors import actor_of, current_actor
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec, IdKind
from relance.kit.timestamps import utcnow

MAX_DEBTS = 1000
ONE_OF = 'Send one of "debt_ids", "email" or "phone"'


class ErasureService:
    def __init__(self, tx: Tx, company_id: int, ids: IdCodec) -> None:
        self.repository = ErasureRepository(tx, company_id)
        self.company_id = company_id
        self.ids = ids

    async def erase(self, body: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """The receipt, and the media keys to remove from the store once this has committed.
        400 for a bad body, 403 for another company's debt, 409 naming the debts on legal hold
        (nothing erased)."""
        found = await self._debts(body)
        held = [self.ids.encode(IdKind.DEBT, row["id"]) for row in found if row["legal_hold"]]
        if held:
            raise LegalHold(held)
        keys = [row["id"] for row in found]
        now = utcnow()
        followup_count, media = (0, []) if not keys else await self.repository.erase(keys, now)
        if keys:
            public = [self.ids.encode(IdKind.DEBT, key) for key in keys]
            await self.repository.scrub_copies(keys, public)
        receipt = {
            "erased_at": now,
            "actor": current_actor(),
            "debts": len(keys),
            "followups": followup_count,
            "media_objects": len(media),
            "fields": orjson.dumps(personal.RECEIPT_FIELDS if keys else []).decode(),
        }
        key = await self.repository.insert_receipt(receipt)
        return self._out({**receipt, "id": key}), media

    async def receipt(self, public_id: str) -> dict[str, Any]:
        row = ERASURE.row_or_raise(
            await self.repository.receipt(ERASURE.key_or_raise(self.ids, public_id)),
            self.company_id,
        )
        return self._out(row)

    def _out(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return {
            "id": self.ids.encode(IdKind.ERASURE, row["id"]),
            "erased_at": row["erased_at"],
            "actor": actor_of(row["actor"]),
            "debts": row["debts"],
            "followups": row["followups"],
            "media_objects": row["media_objects"],
            "fields": orjson.loads(row["fields"]),
        }

    async def _debts(self, body: Mapping[str, Any]) -> list[dict[str, Any]]:
        given = [name for name in ("debt_ids", "email", "phone") if name in body]
        unknown = sorted(set(body) - {"debt_ids", "email", "phone"})
        if unknown:
            raise ValidationFailed(dict.fromkeys(unknown, "Unknown field. " + ONE_OF))
        if len(given) != 1:
            raise ValidationFailed(dict.fromkeys(given or ["debt_ids"], ONE_OF))
        if given == ["debt_ids"]:
            return await self._by_ids(body["debt_ids"])
        name = given[0]
        value = body[name]
        try:
            normal = fields.nullable(fields.email if name == "email" else fields.phone)(value)
        except ValueError as error:
            raise ValidationFailed({name: str(error)}) from None
        if normal is None:
            raise ValidationFailed({name: "Must not be empty"})
        if name == "email":
            return await self.repository.debts_by_email(normal)
        return await self.repository.debts_by_phone(normal)

    async def _by_ids(self, value: Any) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not 1 <= len(value) <= MAX_DEBTS:
            raise ValidationFailed({"debt_ids": f"Must be a list of 1 to {MAX_DEBTS} debt ids"})
        keys = [self.ids.decode(IdKind.DEBT, item) for item in value]
        rows = await self.repository.debts_by_keys(sorted({key for key in keys if key}))
        owners = {row["id"]: row for row in rows}
        missing = {
            f"debt_ids.{index}": "Debt not found"
            for index, key in enumerate(keys)
            if key not in owners
        }
        if missing:
            raise ValidationFailed(missing)
        if any(row["company_id"] != self.company_id for row in rows):
            raise DebtForbidden()
        return rows
