"""The body policy's plain-text shortcut (kit.json_policy, kit.text.is_plain_json_text): a body
the raw scan calls plain is judged exactly as the per-string checks judge it."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relance.http.body import loads_exact
from relance.kit.errors import ValidationFailed
from relance.kit.json_policy import check_json_policy, policy_details
from relance.kit.text import is_plain_json_text

# Text with the characters the policy cares about, ASCII and not.
_TEXT = st.text(
    st.sampled_from(["a", " ", "\t", "\n", "\b", "\f", "\x00", "\x1b", "\x7f", "\x85", "é", "\\"])
    | st.characters(),
    max_size=8,
)
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_TEXT, children, max_size=3),
    max_leaves=12,
)
_BODIES = st.dictionaries(_TEXT, _VALUES, max_size=5)


def _spellings(payload: dict[str, Any]) -> list[bytes]:
    """ASCII with escapes; UTF-8 as a client's encoder writes it (a lone surrogate as
    ``surrogatepass`` writes it, which ``json.loads`` reads back); orjson's."""
    spellings = [
        json.dumps(payload).encode(),
        json.dumps(payload, ensure_ascii=False).encode("utf-8", "surrogatepass"),
    ]
    with contextlib.suppress(orjson.JSONEncodeError):  # orjson writes only valid UTF-8
        spellings.append(orjson.dumps(payload))
    return spellings


@settings(max_examples=400, deadline=None)
@given(_BODIES)
def test_a_plain_body_is_judged_as_each_string_check_judges_it(payload: dict[str, Any]) -> None:
    for raw in _spellings(payload):
        for loads in (orjson.loads, loads_exact):
            try:
                parsed = loads(raw)
            except (orjson.JSONDecodeError, ValueError):
                continue  # refused before the policy (orjson: surrogates)
            plain = is_plain_json_text(raw)
            assert policy_details(parsed, plain_text=plain) == policy_details(parsed), raw


@pytest.mark.parametrize(
    "raw",
    [
        rb'{"note": "bell \b"}',
        rb'{"note": "feed \f"}',
        rb'{"note": "nul \u0000"}',
        rb'{"note": "next line \u0085"}',
        rb'{"note": "lone \ud800"}',
        b'{"note": "del \x7f"}',
        '{"note": "next line \x85"}'.encode(),
        rb'{"bad\u001bkey": 1}',
    ],
)
def test_every_way_to_spell_a_control_character_is_seen(raw: bytes) -> None:
    assert not is_plain_json_text(raw)
    with pytest.raises(ValidationFailed):
        check_json_policy(loads_exact(raw), raw)


def test_a_utf16_body_is_never_plain() -> None:
    raw = json.dumps({"note": "del \x7f"}, ensure_ascii=False).encode("utf-16-le")
    assert not is_plain_json_text(raw)
    with pytest.raises(ValidationFailed):
        check_json_policy(loads_exact(raw), raw)


def test_plain_text_still_gets_the_depth_and_number_rules() -> None:
    deep: Any = 1
    for _ in range(40):
        deep = [deep]
    raw = json.dumps({"summary": "plain", "metadata": deep, "amount": 10**301}).encode()
    assert is_plain_json_text(raw)
    assert policy_details(json.loads(raw), plain_text=True) == {
        "metadata": "Must not be nested more than 32 levels deep",
        "amount": "Numbers must be between -1e300 and 1e300",
    }
