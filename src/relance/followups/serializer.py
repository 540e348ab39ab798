"""Followup rows → the wire object of SPEC 3 (plain dicts for orjson, keys in SPEC order)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from relance.ids import IdCodec, IdKind
from relance.media.signing import MediaSigner

# Copied as stored, in wire order, between the ids and the media links.
_PLAIN_HEAD = ("status", "type", "call_date", "scheduled_at", "summary", "notes", "call_id")
_PLAIN_TAIL = (
    "duration_ms",
    "disconnection_reason",
    "direction",
    "phone_number_used",
    "is_retry",
    "processed_at",
    "triggered_payment",
)


class FollowupSerializer:
    """Built once per response: every media link of one response expires at the same instant."""

    def __init__(self, ids: IdCodec, signer: MediaSigner, now: datetime) -> None:
        self._encode = ids.encode
        self._signer = signer
        self._now = now

    def __call__(self, row: Mapping[str, Any]) -> dict[str, Any]:
        key = row["id"]
        out: dict[str, Any] = {
            "id": self._encode(IdKind.FOLLOWUP, key),
            "debt_id": self._encode(IdKind.DEBT, row["debt_id"]),
        }
        for name in _PLAIN_HEAD:
            out[name] = row[name]
        expires_at = None
        audio_url = pdf_url = None
        if row["audio_url"] is not None or row["audio_key"] is not None:
            audio_url, expires_at = self._signer.link(row["company_id"], key, "audio", self._now)
        if row["pdf_key"] is not None:
            pdf_url, expires_at = self._signer.link(row["company_id"], key, "pdf", self._now)
        out["audio_url"] = audio_url
        out["pdf_url"] = pdf_url
        for name in _PLAIN_TAIL:
            out[name] = row[name]
        out.update(email_counters(row))
        if expires_at is not None:
            out["media_urls_expire_at"] = expires_at
        return out

    def many(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self(row) for row in rows]


@dataclass(frozen=True, slots=True)
class Presented:
    """A followup as every single-followup response shows it: the object and its ETag."""

    data: dict[str, Any]
    etag: str


def present(row: Mapping[str, Any], ids: IdCodec, signer: MediaSigner, now: datetime) -> Presented:
    data = FollowupSerializer(ids, signer, now)(row)
    return Presented(data, etag_of(data["id"], row["version"]))


def email_counters(row: Mapping[str, Any]) -> dict[str, Any]:
    """The email tracking fields of the object, in SPEC order, from the stored counters."""
    opens, clicks = row["email_open_count"], row["email_click_count"]
    return {
        "email_opened": opens > 0,
        "email_open_count": opens,
        "email_first_opened_at": row["email_first_opened_at"],
        "email_clicked": clicks > 0,
        "email_click_count": clicks,
    }


def etag_of(public_id: str, version: int) -> str:
    """Strong ETag from the public id and the row version (bumped in SQL on every change)."""
    return f'"{public_id}.{version}"'


def if_match_allows(header: str | None, etag: str) -> bool:
    """RFC 9110 If-Match: absent or ``*`` passes; otherwise one listed tag must match
    (a ``W/`` prefix is ignored: every relance ETag is strong)."""
    if header is None:
        return True
    for candidate in header.split(","):
        tag = candidate.strip().removeprefix("W/")
        if tag in ("*", etag):
            return True
    return False
