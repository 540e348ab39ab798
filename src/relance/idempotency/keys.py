"""The Idempotency-Key header and the fingerprint of the request it names."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import timedelta
from typing import Any

from relance.kit.errors import ValidationFailed

HEADER = "Idempotency-Key"
RETENTION = timedelta(hours=24)
INVALID_KEY = "Must be 1 to 255 printable ASCII characters"
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]{1,255}")


def parse_key(raw: str | None) -> str | None:
    """The key, None when the header is absent, 400 naming the header when it is not a key."""
    if raw is None:
        return None
    if not _PRINTABLE_ASCII.fullmatch(raw):
        raise ValidationFailed({HEADER: INVALID_KEY})
    return raw


def fingerprint(method: str, path: str, body: Any) -> str:
    """What makes two requests the same: method, path and the body's value (key order and
    spacing of the JSON text do not matter; a retry that re-serialises the body still matches)."""
    canonical = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
