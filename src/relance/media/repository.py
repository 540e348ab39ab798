"""SQL for a followup's media references, bound to one company."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db.tx import Tx
from relance.followups.row_sql import FIND_ANY_COMPANY, LOCK_ANY_COMPANY, actor_param, changed
from relance.followups.tables import followups

f = followups.c

_OF_COMPANY = (f.id == param("id"), f.company_id == param("company_id"))
# The whole row comes back: the upload answers with the followup object, like PUT /followups/{id}.
_SET_AUDIO = (
    sa.update(followups)
    .where(*_OF_COMPANY)
    .values(changed(audio_key=param("key"), audio_content_type=param("content_type")))
    .returning(*followups.c)
)
_SET_PDF = (
    sa.update(followups)
    .where(*_OF_COMPANY)
    .values(changed(pdf_key=param("key")))
    .returning(*followups.c)
)


class MediaRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def find(self, followup_id: int, for_update: bool = False) -> dict[str, Any] | None:
        """A followup of any company (the service checks the owner). ``for_update`` locks the row,
        so two uploads racing on one followup each learn the key they replace and no stored file
        is left unreferenced."""
        query = LOCK_ANY_COMPANY if for_update else FIND_ANY_COMPANY
        return await self.tx.fetch_one(query, {"id": followup_id})

    async def set_audio(
        self, followup_id: int, key: str, content_type: str, now: datetime
    ) -> dict[str, Any] | None:
        params = {"key": key, "content_type": content_type, "now": now, **actor_param()}
        return await self.tx.fetch_one(
            _SET_AUDIO, {"id": followup_id, "company_id": self.company_id, **params}
        )

    async def set_pdf(self, followup_id: int, key: str, now: datetime) -> dict[str, Any] | None:
        params = {"id": followup_id, "company_id": self.company_id, "key": key, "now": now}
        params |= actor_param()
        return await self.tx.fetch_one(_SET_PDF, params)
