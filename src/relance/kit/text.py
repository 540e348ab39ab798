"""The one rule for text a client sends, on both databases: no control characters.

PostgreSQL refuses a NUL byte in ``text`` and ``jsonb`` (a driver error, so a 500) while SQLite
stores it; neither database nor any reader of an export wants the other C0/C1 controls or lone
UTF-16 surrogates (which cannot even be encoded to UTF-8 for the driver). So every string of a
body, keys included, and every query value is refused by name when it holds one. Free-text
fields (notes, summaries, addresses) may hold tab and line breaks; single-line fields may not.
"""

from __future__ import annotations

import re

CONTROL_CHARACTERS = "Must not contain control characters"
LINE_BREAKS = "Must not contain tabs or line breaks"

# C0 except tab, LF and CR; DEL and C1; lone surrogates (json.loads lets "\ud800" through).
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile("[\t\n\r]")


def has_control_characters(text: str) -> bool:
    """True when ``text`` holds a character no field accepts (tab, LF and CR excepted)."""
    # Every forbidden character is unprintable (Cc, Cs), so printable text has none; the C
    # check costs a third of the pattern's search, and nearly every string a client sends is
    # printable (the pattern still decides for a tab, a line break or a no-break space).
    return not text.isprintable() and _FORBIDDEN.search(text) is not None


_BACKSLASH, _DEL, _NUL = ord("\\"), 0x7F, 0x00


def is_plain_json_text(raw: bytes) -> bool:
    """True when no string a JSON parser reads from ``raw`` can hold a forbidden character:
    printable ASCII bytes alone spell none, and both parsers (orjson, ``json`` in strict mode)
    refuse a raw control byte inside a string, so one could only come from an escape (a
    backslash), DEL or a non-ASCII byte (C1 and surrogates; UTF-16 or UTF-32 text, which
    ``json.loads`` detects, holds NUL bytes). Four scans in C instead of a check per string.
    The bytes are sought as ints: ``b"x" in raw`` first tries its argument as an int and
    formats, then drops, a TypeError (2,000 instructions a test; callgrind).
    """
    return raw.isascii() and _BACKSLASH not in raw and _DEL not in raw and _NUL not in raw


def single_line_problem(text: str) -> str | None:
    """The message for a single-line field (a name, an id, a reference), or None when fine."""
    if has_control_characters(text):
        return CONTROL_CHARACTERS
    if _LINE_BREAKS.search(text) is not None:
        return LINE_BREAKS
    return None


def check_single_line(text: str) -> str:
    """``text`` unchanged, else ValueError with the plain wire message (a pydantic validator)."""
    problem = single_line_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return text
