"""Signed, expiring media links: ``RELANCE_PUBLIC_URL/media/{token}`` (SPEC 6).

Token body: version byte, kind byte (``a`` audio, ``p`` pdf), expiry as 8-byte unix seconds,
then the sealed (company, followup) block; HMAC-SHA256 under a key of its own
(``sha256(b"relance/media/v1\\x00" + secret)``), so no other token of the service verifies here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from relance.kit.sealed_tokens import IDS_LENGTH, TokenSealer

MediaKind = Literal["audio", "pdf"]

_VERSION = 1
_KIND_BYTES: dict[str, bytes] = {"audio": b"a", "pdf": b"p"}
_KINDS_BY_BYTE: dict[int, MediaKind] = {ord("a"): "audio", ord("p"): "pdf"}
_BODY_LENGTH = 1 + 1 + 8 + IDS_LENGTH


class MediaLinkError(Exception):
    """A media token that must not be served."""


class MediaLinkInvalid(MediaLinkError):
    """Malformed, altered, or signed with another key."""


class MediaLinkExpired(MediaLinkError):
    """Authentic, but past its expiry."""


@dataclass(frozen=True, slots=True)
class MediaClaim:
    company_id: int
    followup_id: int
    kind: MediaKind
    expires_at: datetime


class MediaSigner:
    def __init__(self, secret: bytes, public_url: str, ttl_seconds: int) -> None:
        self._sealer = TokenSealer(secret, b"relance/media/v1")
        self._base = public_url.rstrip("/") + "/media/"
        self.ttl_seconds = ttl_seconds

    def expiry(self, now: datetime) -> datetime:
        """When links made at ``now`` stop working (whole seconds, as SPEC 1 prints them)."""
        return datetime.fromtimestamp(int(now.timestamp()), UTC) + timedelta(
            seconds=self.ttl_seconds
        )

    def link(
        self, company_id: int, followup_id: int, kind: MediaKind, now: datetime
    ) -> tuple[str, datetime]:
        expires_at = self.expiry(now)
        body = (
            bytes([_VERSION])
            + _KIND_BYTES[kind]
            + int(expires_at.timestamp()).to_bytes(8, "big")
            + self._sealer.seal_ids(company_id, followup_id)
        )
        return self._base + self._sealer.sign(body), expires_at

    def verify(self, token: str, now: datetime) -> MediaClaim:
        """The claim of an authentic, unexpired token; raises MediaLinkInvalid/MediaLinkExpired."""
        body = self._sealer.verify(token)
        if body is None or len(body) != _BODY_LENGTH or body[0] != _VERSION:
            raise MediaLinkInvalid()
        kind = _KINDS_BY_BYTE.get(body[1])
        if kind is None:
            raise MediaLinkInvalid()
        expires_at = datetime.fromtimestamp(int.from_bytes(body[2:10], "big"), UTC)
        if now >= expires_at:
            raise MediaLinkExpired()
        company_id, followup_id = self._sealer.open_ids(body[10:])
        return MediaClaim(company_id, followup_id, kind, expires_at)
