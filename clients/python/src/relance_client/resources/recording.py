"""A recording's bytes and media type, guessed from its first bytes when not given."""

from __future__ import annotations

from pathlib import Path
from typing import IO

# The formats the API accepts, recognised as the server recognises them (SPEC 6).
_SIGNATURES: tuple[tuple[str, tuple[bytes, ...]], ...] = (
    ("audio/mpeg", (b"ID3",)),
    ("audio/ogg", (b"OggS",)),
    ("audio/webm", (b"\x1a\x45\xdf\xa3",)),
)


def recording_body(
    content: bytes | IO[bytes] | Path, content_type: str | None
) -> tuple[bytes, str]:
    if isinstance(content, Path):
        body = content.read_bytes()
    elif isinstance(content, bytes):
        body = content
    else:
        body = content.read()
    return body, content_type or guess_audio_type(body)


def guess_audio_type(head: bytes) -> str:
    """The audio media type of a file from its magic bytes; ``audio/mpeg`` when unknown, so
    the server names the mismatch."""
    if head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE":
        return "audio/wav"
    for media_type, prefixes in _SIGNATURES:
        if head.startswith(prefixes):
            return media_type
    return "audio/mpeg"
