"""What may be uploaded: accepted content types and the magic bytes each must start with."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from relance.kit.errors import UnsupportedMediaType
from relance.media.signing import MediaKind

# Enough leading bytes to recognise every accepted format.
HEAD_LENGTH = 12

AUDIO_TYPES = ("audio/mpeg", "audio/wav", "audio/ogg", "audio/webm")
_AUDIO_ALIASES = {"audio/x-wav": "audio/wav", "audio/wave": "audio/wav", "audio/mp3": "audio/mpeg"}


def _is_mpeg(head: bytes) -> bool:
    # An ID3 tag, or straight into an MPEG audio frame (11 sync bits set).
    return head.startswith(b"ID3") or (len(head) >= 2 and head[0] == 0xFF and head[1] >= 0xE0)


def _is_wav(head: bytes) -> bool:
    return head[:4] in (b"RIFF", b"RF64") and head[8:12] == b"WAVE"


_SIGNATURES: dict[str, Callable[[bytes], bool]] = {
    "audio/mpeg": _is_mpeg,
    "audio/wav": _is_wav,
    "audio/ogg": lambda head: head.startswith(b"OggS"),
    "audio/webm": lambda head: head.startswith(b"\x1a\x45\xdf\xa3"),  # EBML header
    "application/pdf": lambda head: head.startswith(b"%PDF-"),
}
_DESCRIPTIONS = {"application/pdf": "a PDF document"}


@dataclass(frozen=True, slots=True)
class UploadRule:
    kind: MediaKind
    content_type: str
    extension: str

    def looks_right(self, head: bytes) -> bool:
        return _SIGNATURES[self.content_type](head)

    @property
    def mismatch_message(self) -> str:
        what = _DESCRIPTIONS.get(self.content_type, f"{self.content_type} audio")
        return f"The uploaded file is not {what}"


def _media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def recording_rule_or_raise(content_type_header: str | None) -> UploadRule:
    media_type = _media_type(content_type_header)
    media_type = _AUDIO_ALIASES.get(media_type, media_type)
    if media_type not in AUDIO_TYPES:
        raise UnsupportedMediaType("Content-Type must be one of: " + ", ".join(AUDIO_TYPES))
    extension = media_type.removeprefix("audio/").replace("mpeg", "mp3")
    return UploadRule("audio", media_type, extension)


def document_rule_or_raise(content_type_header: str | None) -> UploadRule:
    if _media_type(content_type_header) != "application/pdf":
        raise UnsupportedMediaType("Content-Type must be application/pdf")
    return UploadRule("pdf", "application/pdf", "pdf")
