"""Email tracking rules: only email followups are tracked; every open or click counted once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from html import escape
from typing import Any

from relance.db.tx import Tx
from relance.followups.errors import FOLLOWUP, FollowupNotFound
from relance.followups.serializer import email_counters
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec
from relance.kit.validation import validate_body
from relance.tracking.errors import NotAnEmailFollowup
from relance.tracking.repository import CLICKED, EMAIL, OPENED, TrackingRepository
from relance.tracking.schemas import EVENT_MESSAGES, LINKS_MESSAGES, EmailEventIn, TrackingLinksIn
from relance.tracking.tokens import TrackingClaim, TrackingSigner

# Provider clocks drift; an event from further in the future than this is a client bug.
FUTURE_TOLERANCE = timedelta(minutes=5)


class TrackingService:
    def __init__(self, tx: Tx, company_id: int, ids: IdCodec, signer: TrackingSigner) -> None:
        self.repository = TrackingRepository(tx, company_id)
        self.company_id = company_id
        self.ids = ids
        self.signer = signer

    async def email_followup_or_raise(self, followup_id: int) -> Mapping[str, Any]:
        """404 / 403 by SPEC 1, then 409 when the followup is not an email."""
        row = FOLLOWUP.row_or_raise(await self.repository.find(followup_id), self.company_id)
        if row["type"] != EMAIL:
            raise NotAnEmailFollowup(str(row["type"]))
        return row

    async def tracking_info(self, public_id: str) -> dict[str, Any]:
        followup_id = FOLLOWUP.key_or_raise(self.ids, public_id)
        row = await self.email_followup_or_raise(followup_id)
        pixel_url = self.signer.pixel_url(self.company_id, followup_id)
        pixel_html = (
            f'<img src="{escape(pixel_url)}" width="1" height="1" alt="" '
            'style="display:block;border:0;width:1px;height:1px" />'
        )
        return {
            "followup_id": public_id,
            "pixel_url": pixel_url,
            "pixel_html": pixel_html,
            **email_counters(row),
        }

    async def click_links(self, public_id: str, payload: Mapping[str, Any]) -> list[dict[str, str]]:
        followup_id = FOLLOWUP.key_or_raise(self.ids, public_id)
        urls = validate_body(TrackingLinksIn, payload, LINKS_MESSAGES).urls
        await self.email_followup_or_raise(followup_id)
        return [
            {"url": url, "tracking_url": self.signer.click_url(self.company_id, followup_id, url)}
            for url in urls
        ]

    async def record_event(
        self, public_id: str, payload: Mapping[str, Any], now: datetime
    ) -> tuple[EmailEventIn, bool, dict[str, Any]]:
        """(event, counted, counters): an event_id seen before for this followup counts nothing."""
        followup_id = FOLLOWUP.key_or_raise(self.ids, public_id)
        body = validate_body(EmailEventIn, payload, EVENT_MESSAGES)
        occurred_at = body.occurred_at or now
        if occurred_at > now + FUTURE_TOLERANCE:
            raise ValidationFailed({"occurred_at": "Must not be in the future"})
        row = await self.email_followup_or_raise(followup_id)
        inserted = await self.repository.insert_event(
            followup_id, body.event, body.event_id, occurred_at, now
        )
        if not inserted:
            return body, False, email_counters(row)
        counted = await self.repository.count(followup_id, body.event, occurred_at, now)
        if counted is None:  # deleted or retyped by a concurrent request since it was read
            await self.email_followup_or_raise(followup_id)
            raise FollowupNotFound()
        return body, True, email_counters(counted)


async def count_hit(tx: Tx, claim: TrackingClaim, now: datetime) -> bool:
    """Counts a pixel or click-link hit; False when the followup is gone or no longer an email.

    The hit is kept as an email_events row without event_id, so every open stays auditable.
    """
    repository = TrackingRepository(tx, claim.company_id)
    event = OPENED if claim.kind == "open" else CLICKED
    if await repository.count(claim.followup_id, event, now, now) is None:
        return False
    await repository.insert_event(claim.followup_id, event, None, now, now)
    return True
