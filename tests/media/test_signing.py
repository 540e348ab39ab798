"""MediaSigner: links carry company, followup, kind and expiry; altered or expired links fail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from relance.media.signing import MediaSigner

NOW = datetime(2024, 1, 22, 10, 35, 0, 600_000, tzinfo=UTC)
SIGNER = MediaSigner(b"s" * 40, "https://api.example.com/", 3600)


def _token(link: str) -> str:
    return link.removeprefix("https://api.example.com/media/")


def test_link_expires_after_the_ttl_in_whole_seconds() -> None:
    link, expires_at = SIGNER.link(7, 42, "audio", NOW)
    assert link.startswith("https://api.example.com/media/")
    assert expires_at == datetime(2024, 1, 22, 11, 35, tzinfo=UTC)
    claims = SIGNER.verify(_token(link), NOW)
    assert claims is not None
    assert (claims.company_id, claims.followup_id, claims.kind) == (7, 42, "audio")
    assert claims.expires_at == expires_at
    assert not claims.expired


def test_link_is_expired_from_its_expiry_on() -> None:
    link, expires_at = SIGNER.link(7, 42, "pdf", NOW)
    late = SIGNER.verify(_token(link), expires_at)
    assert late is not None
    assert late.expired
    early = SIGNER.verify(_token(link), expires_at - timedelta(seconds=1))
    assert early is not None
    assert not early.expired


def test_other_secret_or_garbage_does_not_verify() -> None:
    link, _ = SIGNER.link(7, 42, "audio", NOW)
    other = MediaSigner(b"t" * 40, "https://api.example.com", 3600)
    assert other.verify(_token(link), NOW) is None
    for bad in ("", "abc", "é" * 10, "A" * 500, _token(link) + "A"):
        assert SIGNER.verify(bad, NOW) is None


@given(st.integers(min_value=0, max_value=55), st.integers(min_value=0, max_value=63))
def test_any_altered_character_is_refused(position: int, replacement: int) -> None:
    token = _token(SIGNER.link(7, 42, "audio", NOW)[0])
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    position %= len(token)
    altered = token[:position] + alphabet[replacement] + token[position + 1 :]
    if altered != token:
        assert SIGNER.verify(altered, NOW) is None
