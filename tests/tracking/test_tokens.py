"""Tracking and media tokens: authentic ones verify, any alteration or other key is refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relance.kit.sealed_tokens import IDS_LENGTH, MAC_LENGTH
from relance.media.signing import MediaLinkExpired, MediaLinkInvalid, MediaSigner
from relance.tracking.tokens import TrackingSigner
from tests.conftest import TEST_SECRET
from tests.tracking.helpers import spell_token, token_bytes, token_of

SECRET = TEST_SECRET.encode()
NOW = datetime(2024, 1, 22, 10, 30, tzinfo=UTC)
tracking = TrackingSigner(SECRET, "https://relance.example")
media = MediaSigner(SECRET, "https://relance.example", 3600)


def _raw(token: str) -> bytearray:
    return bytearray(token_bytes(token))


def test_open_token_round_trips_and_names_company_and_followup() -> None:
    url = tracking.pixel_url(7, 42)
    assert url.startswith("https://relance.example/t/o/")
    claim = tracking.verify(token_of(url), "open")
    assert claim is not None
    assert (claim.kind, claim.company_id, claim.followup_id) == ("open", 7, 42)


def test_click_token_carries_its_target() -> None:
    url = tracking.click_url(7, 42, "https://shop.example/pay?invoice=12&x=%20")
    claim = tracking.verify(token_of(url), "click")
    assert claim is not None
    assert claim.target_url == "https://shop.example/pay?invoice=12&x=%20"


def test_tokens_do_not_reveal_integer_keys() -> None:
    raw = _raw(token_of(tracking.pixel_url(7, 42)))
    assert (7).to_bytes(8, "big") not in raw
    assert (42).to_bytes(8, "big") not in raw


def test_open_token_is_not_a_click_token_and_vice_versa() -> None:
    assert tracking.verify(token_of(tracking.pixel_url(1, 2)), "click") is None
    click = tracking.click_url(1, 2, "https://a.example/")
    assert tracking.verify(token_of(click), "open") is None


@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_any_flipped_bit_is_refused(position: int, bit: int) -> None:
    token = token_of(tracking.click_url(3, 4, "https://a.example/x"))
    raw = _raw(token)
    raw[position % len(raw)] ^= 1 << bit
    assert tracking.verify(spell_token(bytes(raw)), "click") is None


def test_followup_block_of_another_token_does_not_verify() -> None:
    """Splicing followup B's sealed ids into followup A's token breaks the signature."""
    a, b = _raw(token_of(tracking.pixel_url(1, 10))), _raw(token_of(tracking.pixel_url(1, 11)))
    spliced = a[:2] + b[2 : 2 + IDS_LENGTH] + a[2 + IDS_LENGTH :]
    assert tracking.verify(spell_token(bytes(spliced)), "open") is None


@pytest.mark.parametrize("token", ["", "x", "!!!!", "a" * 5000, "é" * 40, "AAAA=", "A+/B" * 12])
def test_garbage_tokens_are_refused(token: str) -> None:
    assert tracking.verify(token, "open") is None
    with pytest.raises(MediaLinkInvalid):
        media.verify(token, NOW)


def test_non_canonical_spelling_is_refused() -> None:
    token = token_of(tracking.pixel_url(1, 2))
    raw = _raw(token)
    # 46 characters hold 34 bytes with 4 spare bits: setting one gives another spelling.
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(token[-1])
    variant = token[:-1] + alphabet[last ^ 1]
    assert _raw(variant) == raw
    assert tracking.verify(variant, "open") is None


def test_another_secret_refuses_the_token() -> None:
    other = TrackingSigner(b"another-secret-0123456789abcdefghijkl", "https://relance.example")
    assert other.verify(token_of(tracking.pixel_url(1, 2)), "open") is None


def test_media_link_round_trips_until_expiry() -> None:
    url, expires_at = media.link(5, 6, "audio", NOW)
    assert url.startswith("https://relance.example/media/")
    assert expires_at == NOW + timedelta(seconds=3600)
    claim = media.verify(token_of(url), NOW + timedelta(seconds=3599))
    assert (claim.company_id, claim.followup_id, claim.kind) == (5, 6, "audio")
    with pytest.raises(MediaLinkExpired):
        media.verify(token_of(url), expires_at)


def test_altered_expiry_is_invalid_not_expired() -> None:
    url, _ = media.link(5, 6, "pdf", NOW)
    raw = _raw(token_of(url))
    raw[9] ^= 0x01  # the low byte of the expiry
    with pytest.raises(MediaLinkInvalid):
        media.verify(spell_token(bytes(raw)), NOW)


def test_tracking_and_media_tokens_are_not_interchangeable() -> None:
    with pytest.raises(MediaLinkInvalid):
        media.verify(token_of(tracking.pixel_url(5, 6)), NOW)
    url, _ = media.link(5, 6, "audio", NOW)
    assert tracking.verify(token_of(url), "open") is None
    assert len(_raw(token_of(url))) == 1 + 1 + 8 + IDS_LENGTH + MAC_LENGTH
