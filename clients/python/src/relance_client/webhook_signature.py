"""Verifying a webhook delivery: the Standard Webhooks scheme (standardwebhooks.com), stdlib only.

A delivery carries ``webhook-id``, ``webhook-timestamp`` (unix seconds) and
``webhook-signature``: space-separated ``v1,<base64 HMAC-SHA256>`` entries, each signing
``"<id>.<timestamp>.<raw body>"`` with the endpoint secret (``whsec_`` + base64 key). During a
secret rotation two entries are present; one valid entry is enough.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from typing import Any

from relance_client.errors import WebhookVerificationError

__all__ = ["TOLERANCE_SECONDS", "sign_webhook", "verify_webhook"]

# Deliveries older or newer than this are refused, so a captured one cannot be replayed later.
TOLERANCE_SECONDS = 5 * 60
_SECRET_PREFIX = "whsec_"


def verify_webhook(
    payload: bytes | str,
    headers: Mapping[str, str],
    secret: str,
    *,
    now: float | None = None,
) -> Any:
    """The delivery's JSON body, decoded, once its signature and timestamp check out.

    Args:
        payload: the request body exactly as received (before any JSON parsing).
        headers: the request headers (any mapping; names are matched case-insensitively).
        secret: the endpoint's ``whsec_...`` secret.
        now: the current unix time (default: the clock), for tests.

    Raises:
        WebhookVerificationError: a header is missing, the timestamp is outside 5 minutes of
            ``now``, or no ``v1`` signature matches.
    """
    body = payload.encode() if isinstance(payload, str) else payload
    lowered = {name.lower(): value for name, value in headers.items()}
    try:
        message_id = lowered["webhook-id"]
        timestamp_text = lowered["webhook-timestamp"]
        signatures = lowered["webhook-signature"]
    except KeyError as missing:
        raise WebhookVerificationError(f"Missing required header {missing.args[0]}") from None
    try:
        timestamp = int(timestamp_text)
    except ValueError:
        raise WebhookVerificationError("Invalid webhook-timestamp header") from None
    current = time.time() if now is None else now
    if timestamp < current - TOLERANCE_SECONDS:
        raise WebhookVerificationError("Message timestamp too old")
    if timestamp > current + TOLERANCE_SECONDS:
        raise WebhookVerificationError("Message timestamp too new")
    expected = _signature(_key(secret), message_id, timestamp, body)
    for entry in signatures.split(" "):
        version, _, signature = entry.partition(",")
        if version == "v1" and hmac.compare_digest(signature.encode(), expected.encode()):
            return json.loads(body)
    raise WebhookVerificationError("No matching signature found")


def sign_webhook(message_id: str, timestamp: int, payload: bytes | str, secret: str) -> str:
    """The ``webhook-signature`` value (``v1,<base64>``) a sender puts on a delivery; useful to
    test a receiver."""
    body = payload.encode() if isinstance(payload, str) else payload
    return "v1," + _signature(_key(secret), message_id, timestamp, body)


def _key(secret: str) -> bytes:
    encoded = secret.removeprefix(_SECRET_PREFIX)
    encoded += "=" * (-len(encoded) % 4)  # accepted unpadded, as the reference library does
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise WebhookVerificationError("The secret is not a whsec_ base64 key") from None


def _signature(key: bytes, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    return base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
