"""Media rules: signed links for a followup's media, attaching uploads, resolving a link."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from relance.db.tx import Tx
from relance.followups.errors import FOLLOWUP, FollowupNotFound
from relance.kit.ids import IdCodec
from relance.media.errors import MediaNotFound
from relance.media.repository import MediaRepository
from relance.media.signing import MediaClaim
from relance.media.upload_rules import UploadRule
from relance.webhooks.outbox import FOLLOWUP_UPDATED, Outbox

# What an upload replaces, for the webhook event's ``changes``.
_MEDIA_COLUMNS = {"audio": ("audio_url", "audio_key", "audio_content_type"), "pdf": ("pdf_key",)}


@dataclass(frozen=True, slots=True)
class StoredFile:
    key: str
    content_type: str


@dataclass(frozen=True, slots=True)
class ExternalRecording:
    url: str


# Where a verified link leads.
MediaTarget = StoredFile | ExternalRecording


def new_key(company_id: int, followup_id: int, rule: UploadRule) -> str:
    """A fresh key per upload: a replaced file is never overwritten while someone streams it."""
    return f"{company_id}/{followup_id}/{rule.kind}-{secrets.token_hex(16)}.{rule.extension}"


class MediaService:
    def __init__(self, tx: Tx, company_id: int, ids: IdCodec) -> None:
        self.repository = MediaRepository(tx, company_id)
        self.company_id = company_id
        self.ids = ids

    async def followup_key_or_raise(self, public_id: str) -> int:
        """The key of a followup the company owns (404, then 403): an upload's first check."""
        key = FOLLOWUP.key_or_raise(self.ids, public_id)
        await self.followup_or_raise(key)
        return key

    async def followup_or_raise(
        self, followup_id: int, for_update: bool = False
    ) -> Mapping[str, Any]:
        row = await self.repository.find(followup_id, for_update=for_update)
        return FOLLOWUP.row_or_raise(row, self.company_id)

    async def attach(
        self, followup_id: int, rule: UploadRule, key: str, now: datetime
    ) -> tuple[Mapping[str, Any], str | None]:
        """Points the followup at the new file; returns the whole updated row and the key of the
        file it replaces."""
        before = await self.followup_or_raise(followup_id, for_update=True)
        if rule.kind == "audio":
            after = await self.repository.set_audio(followup_id, key, rule.content_type, now)
            previous = before["audio_key"]
        else:
            after = await self.repository.set_pdf(followup_id, key, now)
            previous = before["pdf_key"]
        if after is None:  # the row was locked above; only a deleted company gets here
            raise FollowupNotFound()
        old = {name: before[name] for name in _MEDIA_COLUMNS[rule.kind]}
        await Outbox(self.repository.tx, self.company_id).record(
            FOLLOWUP_UPDATED, after["debt_id"], followup_id, after, old, now
        )
        return after, previous

    async def resolve(self, claim: MediaClaim) -> MediaTarget:
        row = await self.repository.find(claim.followup_id)
        if row is None or int(row["company_id"]) != claim.company_id:
            raise MediaNotFound()
        if claim.kind == "pdf":
            if row["pdf_key"]:
                return StoredFile(row["pdf_key"], "application/pdf")
        elif row["audio_key"]:
            return StoredFile(row["audio_key"], row["audio_content_type"] or "audio/mpeg")
        elif row["audio_url"]:
            return ExternalRecording(row["audio_url"])
        raise MediaNotFound()
