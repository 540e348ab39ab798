"""What an Idempotency-Key may be (SPEC 9): 1 to 255 printable ASCII characters.

A module of its own, free of the web stack, so the bench's raw baselines apply relance's rule
without importing pydantic and Starlette into their processes.
"""

from __future__ import annotations

import re

_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]{1,255}")


def is_key(raw: str) -> bool:
    return _PRINTABLE_ASCII.fullmatch(raw) is not None
