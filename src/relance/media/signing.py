"""Signed, expiring media links (SPEC 6): ``{public_url}/media/{token}``.

API (kept small on purpose; the media route and uploads build on it):

- ``MediaSigner.link(company_id, followup_id, kind, now) -> (url, expires_at)``: the link for one
  media file of one followup. ``kind`` is ``"audio"`` or ``"pdf"``. ``expires_at`` is
  ``now + media_url_ttl`` truncated to whole seconds (UTC); it is what the API reports as
  ``media_urls_expire_at``.
- ``MediaSigner.verify(token, now) -> MediaClaims | None``: ``None`` when the token is malformed
  or altered (bad signature, unknown kind); otherwise the claims, with ``claims.expired`` true
  when ``now`` is at or past ``expires_at``. Both cases answer 403 at the route.
- ``signer_for(settings)`` returns the shared signer of an application's settings.

Token layout: base64url (no padding) of ``version(1) kind(1) company(8) followup(8) expiry(8)``
followed by the first 16 bytes of HMAC-SHA256 over those 26 bytes, keyed with a key derived
from the server secret under the label ``relance/media/v1`` (so a media MAC is never valid for
any other use of the secret). Integer keys in a token are not secret: the MAC makes them
unforgeable, and the token is handed only to the owning company.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Literal

from relance.config import Settings

MediaKind = Literal["audio", "pdf"]

_VERSION = 1
_KINDS: dict[str, int] = {"audio": 1, "pdf": 2}
_KIND_NAMES: dict[int, MediaKind] = {1: "audio", 2: "pdf"}
_LAYOUT = struct.Struct(">BBQQQ")
_MAC_BYTES = 16
_TOKEN_BYTES = _LAYOUT.size + _MAC_BYTES


@dataclass(frozen=True, slots=True)
class MediaClaims:
    company_id: int
    followup_id: int
    kind: MediaKind
    expires_at: datetime
    expired: bool


class MediaSigner:
    def __init__(self, secret: bytes, public_url: str, ttl_seconds: int) -> None:
        self._key = hashlib.sha256(b"relance/media/v1\x00" + secret).digest()
        self._base = public_url.rstrip("/") + "/media/"
        self.ttl_seconds = ttl_seconds

    def expiry(self, now: datetime) -> datetime:
        """When a link made at ``now`` stops working: whole seconds, UTC."""
        return datetime.fromtimestamp(int(now.timestamp()) + self.ttl_seconds, UTC)

    def token(
        self, company_id: int, followup_id: int, kind: MediaKind, expires_at: datetime
    ) -> str:
        body = _LAYOUT.pack(
            _VERSION, _KINDS[kind], company_id, followup_id, int(expires_at.timestamp())
        )
        raw = body + self._mac(body)
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")

    def link(
        self, company_id: int, followup_id: int, kind: MediaKind, now: datetime
    ) -> tuple[str, datetime]:
        expires_at = self.expiry(now)
        return self._base + self.token(company_id, followup_id, kind, expires_at), expires_at

    def verify(self, token: str, now: datetime) -> MediaClaims | None:
        raw = _decode(token)
        if raw is None or len(raw) != _TOKEN_BYTES:
            return None
        body, mac = raw[: _LAYOUT.size], raw[_LAYOUT.size :]
        if not hmac.compare_digest(mac, self._mac(body)):
            return None
        version, kind, company_id, followup_id, expiry = _LAYOUT.unpack(body)
        if version != _VERSION or kind not in _KIND_NAMES:
            return None
        expires_at = datetime.fromtimestamp(expiry, UTC)
        return MediaClaims(
            company_id, followup_id, _KIND_NAMES[kind], expires_at, now >= expires_at
        )

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self._key, body, hashlib.sha256).digest()[:_MAC_BYTES]


def _decode(token: str) -> bytes | None:
    if not token.isascii() or len(token) > 128:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    # Only the canonical spelling verifies, so one link has exactly one valid token.
    if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != token:
        return None
    return raw


@lru_cache(maxsize=8)
def _signer(secret: bytes, public_url: str, ttl_seconds: int) -> MediaSigner:
    return MediaSigner(secret, public_url, ttl_seconds)


def signer_for(settings: Settings) -> MediaSigner:
    """The signer for an application's settings, built once."""
    return _signer(settings.secret, settings.public_url, settings.media_url_ttl)
