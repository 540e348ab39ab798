"""Sample files with the right magic bytes, a look into the media folder, a raw ASGI call."""

from __future__ import annotations

import asyncio
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from relance.state import AppState

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 40
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(range(256)) * 8
OGG = b"OggS\x00\x02" + bytes(200)
WEBM = b"\x1a\x45\xdf\xa3" + bytes(200)
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def stored_files(state: AppState) -> list[Path]:
    root = state.settings.media_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@dataclass(frozen=True)
class RawResponse:
    status: int
    headers: dict[str, str]
    body: bytes


async def call_asgi(app: FastAPI, method: str, path: str, headers: dict[str, str]) -> RawResponse:
    """Calls the app without an HTTP client, so the bytes it sends are seen as sent (httpx's
    transport drops the body of a HEAD answer by itself, which would hide one sent by the app)."""
    scope: dict[str, Any] = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
    }
    sent: list[MutableMapping[str, Any]] = []
    requested, answered = [False], asyncio.Event()

    async def receive() -> dict[str, Any]:
        if not requested[0]:
            requested[0] = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await answered.wait()  # the client stays connected until the answer is complete
        return {"type": "http.disconnect"}

    async def send(message: MutableMapping[str, Any]) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body", False):
            answered.set()

    await app(scope, receive, send)
    start = sent[0]
    response_headers = {name.decode(): value.decode() for name, value in start["headers"]}
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return RawResponse(start["status"], response_headers, body)
