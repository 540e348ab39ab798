"""An import file as physical lines: each decoded on its own, so one line that is not UTF-8 is
reported with its number while the others are read; and the file's hash and line count."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_CHUNK = 1 << 20
_BOM = "\ufeff"


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str  # with its line ending; bytes that are not UTF-8 become U+FFFD
    bad_byte: int | None  # offset of the first byte that is not UTF-8, None when all are
    terminated: bool  # False only for a last line the file ends in the middle of


@dataclass(frozen=True, slots=True)
class Survey:
    sha256: str
    lines: int


def survey(path: Path) -> Survey:
    """The content hash (the import's identity in the ledger) and the number of lines (the
    progress bar's total), in one pass at disk speed."""
    digest = hashlib.sha256()
    newlines = 0
    last = b""
    with path.open("rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
            newlines += chunk.count(b"\n")
            last = chunk[-1:]
    unterminated = 1 if last not in (b"", b"\n") else 0
    return Survey(digest.hexdigest(), newlines + unterminated)


def read_lines(path: Path) -> Iterator[Line]:
    with path.open("rb") as file:
        for number, raw in enumerate(file, 1):
            bad_byte = None
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                bad_byte = error.start
                text = raw.decode("utf-8", "replace")
            if number == 1:
                text = text.removeprefix(_BOM)  # spreadsheets often start UTF-8 files with one
            yield Line(number, text, bad_byte, raw.endswith(b"\n"))
