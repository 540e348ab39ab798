"""Schemathesis hooks (SCHEMATHESIS_HOOKS=tests.attack.hooks): upload bodies are raw bytes.

The upload routes take the file itself as the body (audio types, application/pdf), which
schemathesis has no serializer for; generated binary data is sent as it is.
"""

from __future__ import annotations

from typing import Any

import schemathesis

_UPLOAD_TYPES = ("audio/mpeg", "audio/wav", "audio/ogg", "audio/webm", "application/pdf")


@schemathesis.serializer(*_UPLOAD_TYPES)
def raw_bytes(ctx: Any, value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()
    return repr(value).encode()
