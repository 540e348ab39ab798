"""FILE.errors.csv: every row a run refused, with its line, the message and details of the
API's error envelope, and the row as written in the file.

Each run writes it afresh: refused rows are not in the ledger, so a run meets them all again
(a resumed run included) and the file lists each once. A run that refuses nothing removes it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from types import TracebackType
from typing import TextIO

import orjson

from relance.bulk.records import Record, Refusal

HEADER = ("line", "error", "details", "row")


def errors_path(path: Path) -> Path:
    return path.with_name(path.name + ".errors.csv")


class ErrorsFile:
    def __init__(self, source: Path) -> None:
        self.path = errors_path(source)
        self.count = 0
        self._file: TextIO | None = None
        self._writer: csv.DictWriter[str] | None = None
        self.path.unlink(missing_ok=True)  # a previous run's list is no longer true

    def write(self, record: Record, refusal: Refusal) -> None:
        if self._file is None:
            self._file = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.DictWriter(self._file, HEADER)
            self._writer.writeheader()
        assert self._writer is not None
        details = "" if refusal.details is None else orjson.dumps(refusal.details).decode()
        self._writer.writerow(
            {"line": record.line, "error": refusal.message, "details": details, "row": record.text}
        )
        self.count += 1

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def __enter__(self) -> ErrorsFile:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._file is not None:
            self._file.close()
