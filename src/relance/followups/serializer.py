"""Followup rows → the wire object of SPEC 3 (plain dicts for orjson, keys in SPEC order)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from relance.followups.tables import followups
from relance.kit.ids import IdCodec, IdKind
from relance.media.signing import MediaSigner

# The columns the followup object is not made of. A statement whose row only answers the client
# (the update on PostgreSQL) returns PRESENTED_COLUMNS, the rest of the table: a new column is
# returned until it is named here (a test checks ``present`` reads no other).
_NOT_PRESENTED = frozenset(
    {
        "audio_content_type",
        "activity_at",
        "created_at",
        "updated_at",
        "changed_by",
        "policy_override",
    }
)
PRESENTED_COLUMNS = tuple(c.name for c in followups.c if c.name not in _NOT_PRESENTED)


class FollowupSerializer:
    """Built once per response: every media link of one response expires at the same instant."""

    def __init__(self, ids: IdCodec, signer: MediaSigner, now: datetime) -> None:
        self._ids = ids
        self._encode = ids.encode
        self._signer = signer
        self._now = now

    def __call__(self, row: Mapping[str, Any]) -> dict[str, Any]:
        return self._wire(row, self._encode(IdKind.FOLLOWUP, row["id"]))

    def many(self, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        public_ids = self._ids.encode_many(IdKind.FOLLOWUP, [row["id"] for row in rows])
        return [self._wire(row, public_id) for row, public_id in zip(rows, public_ids, strict=True)]

    def _wire(self, row: Mapping[str, Any], public_id: str) -> dict[str, Any]:
        # One dict display in SPEC order: the fastest way CPython builds a 27-key dict.
        key = row["id"]
        expires_at = audio_url = pdf_url = None
        if row["audio_url"] is not None or row["audio_key"] is not None:
            audio_url, expires_at = self._signer.link(row["company_id"], key, "audio", self._now)
        if row["pdf_key"] is not None:
            pdf_url, expires_at = self._signer.link(row["company_id"], key, "pdf", self._now)
        out: dict[str, Any] = {
            "id": public_id,
            "debt_id": self._encode(IdKind.DEBT, row["debt_id"]),
            "status": row["status"],
            "type": row["type"],
            "call_date": row["call_date"],
            "scheduled_at": row["scheduled_at"],
            "summary": row["summary"],
            "notes": row["notes"],
            "call_id": row["call_id"],
            "audio_url": audio_url,
            "pdf_url": pdf_url,
            "duration_ms": row["duration_ms"],
            "disconnection_reason": row["disconnection_reason"],
            "direction": row["direction"],
            "phone_number_used": row["phone_number_used"],
            "is_retry": row["is_retry"],
            "processed_at": row["processed_at"],
            "triggered_payment": row["triggered_payment"],
            **email_counters(row),
        }
        if expires_at is not None:
            out["media_urls_expire_at"] = expires_at
        return out


@dataclass(slots=True)  # made per request: not frozen (docs/decisions.md, issue 19)
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


def versions_matching(header: str | None, public_id: str) -> tuple[int, ...] | None:
    """The versions of followup ``public_id`` an RFC 9110 If-Match header accepts: None when
    any does (no header, or ``*``), () when none can (a ``W/`` prefix is ignored: every relance
    ETag is strong)."""
    if header is None:
        return None
    prefix = f'"{public_id}.'
    versions: list[int] = []
    for candidate in header.split(","):
        tag = candidate.strip().removeprefix("W/")
        if tag == "*":
            return None
        number = tag.removeprefix(prefix).removesuffix('"')
        if tag.startswith(prefix) and tag.endswith('"') and number.isascii() and number.isdigit():
            version = int(number)
            if version <= _MAX_VERSION:
                versions.append(version)
    return tuple(versions)


_MAX_VERSION = 2**31 - 1  # the column is a 32-bit integer: a larger number matches no row
