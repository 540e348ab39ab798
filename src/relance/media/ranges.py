"""HTTP byte ranges (RFC 9110 section 14): one range served, anything fancier served whole."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ByteRange:
    start: int
    end: int  # exclusive

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end - 1}/{size}"


class RangeNotSatisfiable(Exception):
    pass


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The one range asked for; None to send the whole body (no header, or one we ignore).

    Raises RangeNotSatisfiable when a well-formed range lies wholly past the end (416).
    Multi-range and malformed headers are answered whole, which RFC 9110 allows.
    """
    if not header:
        return None
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash or not _digits_or_empty(first) or not _digits_or_empty(last) or first == last:
        return None
    if first == "":  # a suffix: the last N bytes
        if int(last) == 0 or size == 0:
            raise RangeNotSatisfiable()
        return ByteRange(max(size - int(last), 0), size)
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable()
    return ByteRange(start, size if not last else min(int(last) + 1, size))


def _digits_or_empty(text: str) -> bool:
    return text == "" or (text.isascii() and text.isdigit())
