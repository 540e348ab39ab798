"""Encrypted typed ids: round trip, type separation, tamper refusal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from relance.kit.ids import ID_LENGTH, IdCodec, IdKind

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
codec = IdCodec(b"a-secret-used-only-by-these-tests-0123456789")
keys = st.integers(min_value=1, max_value=2**63 - 1)


@given(key=keys, kind=st.sampled_from(list(IdKind)))
def test_round_trip_for_any_key(key: int, kind: IdKind) -> None:
    public = codec.encode(kind, key)
    assert len(public) == ID_LENGTH
    assert set(public) <= set(ALPHABET)
    assert codec.decode(kind, public) == key


@given(key=keys)
def test_debt_id_never_decodes_as_followup_id(key: int) -> None:
    assert codec.decode(IdKind.FOLLOWUP, codec.encode(IdKind.DEBT, key)) is None
    assert codec.decode(IdKind.DEBT, codec.encode(IdKind.FOLLOWUP, key)) is None


@given(key=keys, position=st.integers(0, ID_LENGTH - 1), replacement=st.sampled_from(ALPHABET))
def test_any_altered_character_is_refused(key: int, position: int, replacement: str) -> None:
    public = codec.encode(IdKind.FOLLOWUP, key)
    if public[position] == replacement:
        return
    altered = public[:position] + replacement + public[position + 1 :]
    assert codec.decode(IdKind.FOLLOWUP, altered) is None


@given(key=keys)
def test_another_secret_cannot_read_an_id(key: int) -> None:
    other = IdCodec(b"another-secret-0123456789-0123456789")
    assert other.decode(IdKind.DEBT, codec.encode(IdKind.DEBT, key)) is None


@given(junk=st.one_of(st.text(max_size=40), st.integers(), st.none()))
def test_junk_never_raises(junk: object) -> None:
    assert codec.decode(IdKind.DEBT, junk) is None or isinstance(junk, str)


def test_ids_are_not_sequential_looking() -> None:
    first, second = codec.encode(IdKind.DEBT, 1), codec.encode(IdKind.DEBT, 2)
    assert sum(a == b for a, b in zip(first, second, strict=True)) < 8
