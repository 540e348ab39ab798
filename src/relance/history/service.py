"""``GET /followups/{id}/history`` (SPEC 12): the followup's revisions, oldest first."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson

from relance.db.tx import Tx
from relance.debts.list_params import PageRequest, parse_page_only
from relance.followups.errors import FOLLOWUP
from relance.followups.repository import FollowupRepository
from relance.history.changes import wire_changes
from relance.history.repository import HistoryRepository, latest_of_many
from relance.kit.actors import actor_of
from relance.kit.ids import IdCodec


class HistoryService:
    def __init__(self, tx: Tx, company_id: int, ids: IdCodec) -> None:
        self.tx = tx
        self.company_id = company_id
        self.ids = ids

    async def followup_history(
        self, public_id: str, query: Mapping[str, str]
    ) -> tuple[list[dict[str, Any]], int, PageRequest]:
        """404 for an unknown id, 403 for another company's followup, 400 for bad paging."""
        key = FOLLOWUP.key_or_raise(self.ids, public_id)
        paging = parse_page_only(query)
        access, _ = await FollowupRepository(self.tx, self.company_id).get(key)
        FOLLOWUP.check(access)
        history = HistoryRepository(self.tx, key)
        total = await history.count()
        rows = await history.page(paging.limit, paging.offset) if total else []
        return [self.revision_out(row) for row in rows], total, paging

    async def latest_of_many(
        self, followup_keys: list[int], limit: int
    ) -> dict[int, list[dict[str, Any]]]:
        """The latest ``limit`` revisions of each of the company's followups ``followup_keys``
        (already checked by the caller), oldest first, by followup key."""
        by_key: dict[int, list[dict[str, Any]]] = {}
        for row in await latest_of_many(self.tx, followup_keys, limit):
            by_key.setdefault(row["followup_id"], []).append(self.revision_out(row))
        return by_key

    def revision_out(self, row: Mapping[str, Any]) -> dict[str, Any]:
        out = {
            "version": row["version"],
            "changed_at": row["changed_at"],
            "actor": actor_of(row["actor"]),
            "changes": wire_changes(orjson.loads(row["changes"]), self.ids),
        }
        if row["override_reason"] is not None:  # made against the contact policy (SPEC 13)
            out["policy_override"] = {"reason": row["override_reason"]}
        return out
