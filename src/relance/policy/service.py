"""``GET /policy`` and ``PUT /policy`` (SPEC 13)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from relance.db.tx import Tx
from relance.kit.timestamps import utcnow
from relance.policy import document
from relance.policy.repository import PolicyRepository


class PolicyService:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.repository = PolicyRepository(tx, company_id)

    async def get(self) -> dict[str, Any]:
        return document.wire(document.stored(await self.repository.document()))

    async def put(self, body: Mapping[str, Any]) -> dict[str, Any]:
        policy = document.parse(body)  # 400 naming each field, before anything is written
        shown = document.wire(policy)
        await self.repository.put(policy.enforce, orjson.dumps(shown).decode(), utcnow())
        return shown
