"""SQL for a followup's media references, bound to one company."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.db import Tx
from relance.followups.tables import followups

f = followups.c
_MEDIA = (f.id, f.company_id, f.type, f.audio_url, f.audio_key, f.audio_content_type, f.pdf_key)

# Without the company filter, so the service can tell another company's followup (403) apart.
_FIND = sa.select(*_MEDIA).where(f.id == param("id"))
# Locks the row (PostgreSQL; SQLite has one writer anyway) so two uploads racing on one followup
# each learn the key they replace, and no stored file is left unreferenced.
_FIND_FOR_UPDATE = sa.select(*_MEDIA).where(f.id == param("id")).with_for_update()

_OF_COMPANY = (f.id == param("id"), f.company_id == param("company_id"))
_SET_AUDIO = (
    sa.update(followups)
    .where(*_OF_COMPANY)
    .values(
        audio_key=param("key"),
        audio_content_type=param("content_type"),
        updated_at=param("now"),
        version=f.version + 1,
    )
    .returning(*_MEDIA)
)
_SET_PDF = (
    sa.update(followups)
    .where(*_OF_COMPANY)
    .values(pdf_key=param("key"), updated_at=param("now"), version=f.version + 1)
    .returning(*_MEDIA)
)


class MediaRepository:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.tx = tx
        self.company_id = company_id

    async def find(self, followup_id: int, for_update: bool = False) -> dict[str, Any] | None:
        """The media columns of a followup of any company (the service checks the owner)."""
        query = _FIND_FOR_UPDATE if for_update else _FIND
        return await self.tx.fetch_one(query, {"id": followup_id})

    async def set_audio(
        self, followup_id: int, key: str, content_type: str, now: datetime
    ) -> dict[str, Any] | None:
        params = {"key": key, "content_type": content_type, "now": now}
        return await self.tx.fetch_one(
            _SET_AUDIO, {"id": followup_id, "company_id": self.company_id, **params}
        )

    async def set_pdf(self, followup_id: int, key: str, now: datetime) -> dict[str, Any] | None:
        params = {"id": followup_id, "company_id": self.company_id, "key": key, "now": now}
        return await self.tx.fetch_one(_SET_PDF, params)
