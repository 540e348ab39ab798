"""The Idempotency-Key header and the fingerprint of the request it names."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import orjson

from relance.idempotency.key_format import is_key
from relance.kit.errors import ValidationFailed

HEADER = "Idempotency-Key"
RETENTION = timedelta(hours=24)
INVALID_KEY = "Must be 1 to 255 printable ASCII characters"


def parse_key(raw: str | None) -> str | None:
    """The key, None when the header is absent, 400 naming the header when it is not a key."""
    if raw is None:
        return None
    if not is_key(raw):
        raise ValidationFailed({HEADER: INVALID_KEY})
    return raw


@dataclass(slots=True)  # made per request: not frozen (docs/decisions.md, issue 19)
class RequestPrint:
    """What makes two requests the same: method, path and the body's value (key order and
    spacing of the JSON text do not matter; a retry that re-serialises the body still matches).

    ``value`` is stored with the key's answer. It is hashed from orjson's sorted output (issue
    19: ``json.dumps`` cost 7.8 µs of a keyed create, orjson 1.4); an answer stored by an earlier
    release holds the ``json.dumps`` digest, which ``matches`` also accepts, so a retry that
    straddles an upgrade is still replayed.
    """

    method: str
    path: str
    body: Any
    value: str

    def matches(self, stored: str) -> bool:
        return stored == self.value or stored == _json_dumps_digest(
            self.method, self.path, self.body
        )


def fingerprint(method: str, path: str, body: Any) -> RequestPrint:
    try:
        canonical = orjson.dumps([method, path, body], option=orjson.OPT_SORT_KEYS)
    except TypeError:  # a value orjson cannot write (a bug upstream): the stdlib's spelling
        return RequestPrint(method, path, body, _json_dumps_digest(method, path, body))
    return RequestPrint(method, path, body, hashlib.sha256(canonical).hexdigest())


def _json_dumps_digest(method: str, path: str, body: Any) -> str:
    canonical = json.dumps([method, path, body], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()
