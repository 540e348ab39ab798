"""The one rule for URLs we store and later redirect to (audio_url, click targets, payment links):
absolute http(s), a host, ASCII, at most 2,048 characters."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_URL_LENGTH = 2048


def is_absolute_http_url(url: str) -> bool:
    # ASCII only (percent-encode the rest): the URL goes out as-is in a Location header.
    if not url or len(url) > MAX_URL_LENGTH or not url.isascii():
        return False
    # Control characters and spaces would let a target split the Location header or hide a host.
    if any(ord(char) < 0x21 or ord(char) == 0x7F for char in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
