"""Standard Webhooks signatures: ``v1,<base64 HMAC-SHA256 of "id.timestamp.body">``, one per
secret, space-separated (two during the 24 h after a rotation)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence

from relance.webhooks.secret_box import key_bytes


def signature_header(secrets: Sequence[str], event_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{event_id}.{timestamp}.".encode() + body
    return " ".join(
        "v1," + base64.b64encode(hmac.new(key_bytes(s), signed, hashlib.sha256).digest()).decode()
        for s in secrets
    )


def delivery_headers(
    secrets: Sequence[str], event_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    return {
        "content-type": "application/json",
        "user-agent": "relance-webhooks/1",
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(secrets, event_id, timestamp, body),
    }
