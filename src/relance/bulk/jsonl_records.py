"""JSONL lines → records: one JSON object per line, read by the same JSON reader as the API's
endpoint for that kind; blank lines are skipped."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from relance.bulk.columns import Columns
from relance.bulk.lines import Line
from relance.bulk.records import (
    INVALID_JSON,
    TRUNCATED_DETAIL,
    TRUNCATED_ROW,
    Record,
    Refusal,
    bad_encoding,
)

NOT_AN_OBJECT = "Must be a JSON object"


class JsonlRecords:
    def __init__(
        self, lines: Iterable[Line], columns: Columns, loads: Callable[[str], Any]
    ) -> None:
        self._lines = lines
        self._columns = columns
        self._loads = loads
        self.ignored: list[str] = []  # keys the API writes itself, met in some row and dropped

    def __iter__(self) -> Iterator[Record]:
        ignored: set[str] = set()
        for line in self._lines:
            text = line.text.rstrip("\r\n")
            if not text.strip():
                continue
            value, refusal = self._parse(line, text)
            if refusal is not None:
                yield Record(line.number, line.number, text, refusal=refusal)
                continue
            dropped = self._columns.output_only & value.keys()
            if dropped - ignored:
                ignored |= dropped
                self.ignored = sorted(ignored)
            payload = self._columns.payload(value)
            yield Record(line.number, line.number, text, payload=payload)

    def _parse(self, line: Line, text: str) -> tuple[dict[str, Any], Refusal | None]:
        if line.bad_byte is not None:
            return {}, bad_encoding(line.bad_byte)
        try:
            value = self._loads(text)
        except (ValueError, RecursionError) as error:
            if not line.terminated:
                return {}, Refusal(TRUNCATED_ROW, {"row": TRUNCATED_DETAIL})
            return {}, Refusal(INVALID_JSON, {"row": f"Not JSON: {error}"})
        if not isinstance(value, dict):
            return {}, Refusal(INVALID_JSON, {"row": NOT_AN_OBJECT})
        return value, None
