"""The one rule for client text (kit.text): its printable fast path decides as the pattern does."""

from __future__ import annotations

import sys

from relance.kit.text import _FORBIDDEN, has_control_characters, single_line_problem


def test_every_code_point_is_judged_as_the_pattern_judges_it() -> None:
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        assert has_control_characters(char) is (_FORBIDDEN.search(char) is not None), hex(point)


def test_allowed_whitespace_and_forbidden_characters_inside_longer_text() -> None:
    assert not has_control_characters("Payment plan agreed")
    assert not has_control_characters("line one\nline two\ttabbed\r\n")
    assert not has_control_characters("no-break\u00a0space and é")
    for forbidden in ("\x00", "\x1b", "\x7f", "\x85", "\ud800"):
        assert has_control_characters(f"before {forbidden} after")
    assert single_line_problem("two\nlines") == "Must not contain tabs or line breaks"
    assert single_line_problem("one line") is None
