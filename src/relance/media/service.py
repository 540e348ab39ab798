"""Media rules: signed links for a followup's media, attaching uploads, resolving a link."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from relance.db import Tx
from relance.errors import NotFound
from relance.followup_access import FollowupNotFound, owned_or_raise
from relance.media.repository import MediaRepository
from relance.media.signing import MediaClaim, MediaSigner
from relance.media.upload_rules import UploadRule


class MediaNotFound(NotFound):
    message = "Media not found"


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


def media_links(row: Mapping[str, Any], signer: MediaSigner, now: datetime) -> dict[str, Any]:
    """``audio_url``, ``pdf_url`` and ``media_urls_expire_at`` as the followup object shows them.

    An uploaded recording takes precedence over an external ``audio_url``; both are reached
    through the signed link. ``media_urls_expire_at`` is present only when a link is.
    """
    company_id, followup_id = int(row["company_id"]), int(row["id"])
    out: dict[str, Any] = {"audio_url": None, "pdf_url": None}
    expires_at = None
    if row["audio_key"] or row["audio_url"]:
        out["audio_url"], expires_at = signer.link(company_id, followup_id, "audio", now)
    if row["pdf_key"]:
        out["pdf_url"], expires_at = signer.link(company_id, followup_id, "pdf", now)
    if expires_at is not None:
        out["media_urls_expire_at"] = expires_at
    return out


class MediaService:
    def __init__(self, tx: Tx, company_id: int) -> None:
        self.repository = MediaRepository(tx, company_id)
        self.company_id = company_id

    async def followup_or_raise(
        self, followup_id: int, for_update: bool = False
    ) -> Mapping[str, Any]:
        row = await self.repository.find(followup_id, for_update=for_update)
        return owned_or_raise(row, self.company_id)

    async def attach(
        self, followup_id: int, rule: UploadRule, key: str, now: datetime
    ) -> tuple[Mapping[str, Any], str | None]:
        """Points the followup at the new file; returns the updated row and the replaced key."""
        before = await self.followup_or_raise(followup_id, for_update=True)
        if rule.kind == "audio":
            after = await self.repository.set_audio(followup_id, key, rule.content_type, now)
            previous = before["audio_key"]
        else:
            after = await self.repository.set_pdf(followup_id, key, now)
            previous = before["pdf_key"]
        if after is None:  # the row was locked above; only a deleted company gets here
            raise FollowupNotFound()
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
