"""CSV rows → records: a header row of API field names, then one record per row.

Each record knows the lines it spans (a quoted value may hold newlines), so every refusal names
the line where its row starts: a line that is not UTF-8, a row the CSV syntax breaks, a row with
too few or too many values, and a last row the file ends in the middle of.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator

from relance.bulk.columns import Columns
from relance.bulk.lines import Line
from relance.bulk.records import (
    MALFORMED_ROW,
    TRUNCATED_DETAIL,
    TRUNCATED_ROW,
    FileRefused,
    Record,
    Refusal,
    bad_encoding,
)


class CsvRecords:
    def __init__(self, lines: Iterable[Line], columns: Columns) -> None:
        self._columns = columns
        self._spanned: list[Line] = []  # the lines the CSV reader took for the current row
        self._reader = csv.reader(self._texts(lines), strict=True)
        self.header = self._read_header()
        self.ignored = columns.ignored(self.header)

    def _texts(self, lines: Iterable[Line]) -> Iterator[str]:
        for line in lines:
            self._spanned.append(line)
            yield line.text

    def _next_row(self) -> tuple[list[str] | csv.Error, list[Line]] | None:
        """The next non-blank row (or the CSV error it raised) and its lines; None at the end."""
        while True:
            try:
                values: list[str] | csv.Error = next(self._reader)
            except StopIteration:
                return None
            except csv.Error as error:
                values = error
            spanned, self._spanned = self._spanned, []
            if values != []:
                return values, spanned

    def _read_header(self) -> list[str]:
        found = self._next_row()
        if found is None:
            raise FileRefused("the file is empty: a CSV import starts with a header row")
        values, spanned = found
        line = spanned[0].number
        bad = next((item for item in spanned if item.bad_byte is not None), None)
        if bad is not None:
            raise FileRefused(f"line {bad.number}: the header is not UTF-8: save as UTF-8")
        if isinstance(values, csv.Error):
            raise FileRefused(f"line {line}: the header is not CSV: {values}")
        names = [name.strip() for name in values]
        self._columns.check_header(names, line)
        return names

    def __iter__(self) -> Iterator[Record]:
        while (found := self._next_row()) is not None:
            values, spanned = found
            yield self._record(values, spanned)

    def _record(self, values: list[str] | csv.Error, spanned: list[Line]) -> Record:
        first, last = spanned[0].number, spanned[-1].number
        text = "".join(line.text for line in spanned).rstrip("\r\n")
        refusal = self._refusal(values, spanned)
        if refusal is not None or isinstance(values, csv.Error):
            return Record(first, last, text, refusal=refusal)
        cells = self._columns.cells
        skipped = self._columns.output_only
        payload = {}
        for name, value in zip(self.header, values, strict=True):
            if value and name not in skipped:
                reader = cells.get(name)
                payload[name] = value if reader is None else reader(value)
        return Record(first, last, text, payload=payload)

    def _refusal(self, values: list[str] | csv.Error, spanned: list[Line]) -> Refusal | None:
        for line in spanned:
            if line.bad_byte is not None:
                return bad_encoding(line.bad_byte)
        cut_short = not spanned[-1].terminated
        if isinstance(values, csv.Error):
            return (
                Refusal(TRUNCATED_ROW, {"row": TRUNCATED_DETAIL})
                if cut_short
                else (Refusal(MALFORMED_ROW, {"row": f"Not CSV: {values}"}))
            )
        if len(values) < len(self.header) and cut_short:
            return Refusal(TRUNCATED_ROW, {"row": TRUNCATED_DETAIL})
        if len(values) != len(self.header):
            return Refusal(
                MALFORMED_ROW, {"row": f"{len(values)} values for {len(self.header)} columns"}
            )
        return None
