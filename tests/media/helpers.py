"""Sample files with the right magic bytes, and a look into the media folder."""

from __future__ import annotations

from pathlib import Path

from relance.state import AppState

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(256)) * 8
OGG = b"OggS\x00\x02" + bytes(200)
WEBM = b"\x1a\x45\xdf\xa3" + bytes(200)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def stored_files(state: AppState) -> list[Path]:
    root = state.settings.media_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
