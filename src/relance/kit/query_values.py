"""The rule every list applies to its query string before reading it: no value sent empty, none
holding control characters. Both answer 400 naming the parameter.

An empty value (``?status=``) used to be ignored by one list and refused by the other; a client
that builds a URL from an unset variable gets a silently wider list that way, so it is refused
everywhere, as an unparseable value is (a parameter left out is the way to say "no filter").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from relance.kit.paging import EMPTY_PARAMETER
from relance.kit.text import CONTROL_CHARACTERS, has_control_characters


def query_problems(
    items: Iterable[tuple[str, str]], known: Collection[str] | None = None
) -> dict[str, str]:
    """Parameter → message for each (known, when given) parameter sent empty or with controls."""
    details: dict[str, str] = {}
    for name, value in items:
        if known is not None and name not in known:
            continue
        if not value:
            details[name] = EMPTY_PARAMETER
        elif has_control_characters(value) or has_control_characters(name):
            details[name] = CONTROL_CHARACTERS
    return details
