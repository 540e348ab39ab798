"""Signed tracking tokens: an open pixel or a click link naming one email followup.

Token body: version byte, kind byte (``o`` open, ``c`` click), the sealed (company, followup)
block, and for clicks the UTF-8 target URL. Signed with a key of its own
(``relance/tracking/v1``); tracking tokens do not expire, because an email is opened whenever its
reader gets to it. The click target lives inside the signature, so the redirect can only ever
go where the integrator asked when the link was made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from relance.kit.sealed_tokens import IDS_LENGTH, TokenSealer
from relance.kit.urls import is_absolute_http_url

TrackingKind = Literal["open", "click"]

_VERSION = 1
_OPEN = ord("o")
_CLICK = ord("c")
_HEADER_LENGTH = 2


@dataclass(frozen=True, slots=True)
class TrackingClaim:
    kind: TrackingKind
    company_id: int
    followup_id: int
    target_url: str | None


class TrackingSigner:
    def __init__(self, secret: bytes, public_url: str) -> None:
        self._sealer = TokenSealer(secret, b"relance/tracking/v1")
        self.base_url = public_url.rstrip("/")

    def pixel_url(self, company_id: int, followup_id: int) -> str:
        body = bytes([_VERSION, _OPEN]) + self._sealer.seal_ids(company_id, followup_id)
        return f"{self.base_url}/t/o/{self._sealer.sign(body)}"

    def click_url(self, company_id: int, followup_id: int, target_url: str) -> str:
        if not is_absolute_http_url(target_url):
            raise ValueError("click targets are absolute http(s) URLs")
        body = (
            bytes([_VERSION, _CLICK])
            + self._sealer.seal_ids(company_id, followup_id)
            + target_url.encode("utf-8")
        )
        return f"{self.base_url}/t/c/{self._sealer.sign(body)}"

    def verify(self, token: str, kind: TrackingKind) -> TrackingClaim | None:
        """The claim of an authentic token of this kind, else None."""
        body = self._sealer.verify(token)
        if body is None or len(body) < _HEADER_LENGTH + IDS_LENGTH or body[0] != _VERSION:
            return None
        ids_end = _HEADER_LENGTH + IDS_LENGTH
        company_id, followup_id = self._sealer.open_ids(body[_HEADER_LENGTH:ids_end])
        if kind == "open":
            if body[1] != _OPEN or len(body) != ids_end:
                return None
            return TrackingClaim("open", company_id, followup_id, None)
        if body[1] != _CLICK:
            return None
        target = body[ids_end:].decode("utf-8", errors="replace")
        # Signed by us, so already checked; checked again so a key leak cannot make us redirect
        # to javascript: or data: URLs.
        if not is_absolute_http_url(target):
            return None
        return TrackingClaim("click", company_id, followup_id, target)
