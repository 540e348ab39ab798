"""The fields an import of one kind reads: those of the API's create body, plus the API object's
other keys, which are dropped so that an export imports back (an id, a counter, ``company``)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from relance.bulk.cells import CellReader, cell_readers
from relance.bulk.records import FileRefused


@dataclass(frozen=True)
class Columns:
    writable: frozenset[str]  # the create body's fields
    object_fields: tuple[str, ...]  # the API object's keys, in its order (export columns)
    cells: Mapping[str, CellReader] = field(default_factory=dict)

    @classmethod
    def of(cls, model: type[BaseModel], object_fields: tuple[str, ...]) -> Columns:
        return cls(frozenset(model.model_fields), object_fields, cell_readers(model))

    @property
    def output_only(self) -> frozenset[str]:
        """Keys the API writes itself: an import ignores them, as an export carries them."""
        return frozenset(self.object_fields) - self.writable

    def check_header(self, names: list[str], line: int) -> None:
        """A CSV header names each column once, and only fields of the object: any other column
        would be refused in every row, so the file is refused before a row is written."""
        duplicated = [name for name, count in Counter(names).items() if count > 1]
        if duplicated:
            raise FileRefused(f"line {line}: duplicated columns: {_quoted(duplicated)}")
        unknown = [name for name in names if name not in self.writable | self.output_only]
        if unknown:
            raise FileRefused(
                f"line {line}: unknown columns: {_quoted(unknown)} "
                f"(the fields are: {', '.join(sorted(self.writable))})"
            )

    def ignored(self, names: Collection[str]) -> list[str]:
        return sorted(set(names) & self.output_only)

    def payload(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """A JSON row without the keys the API writes itself."""
        output_only = self.output_only
        return {name: value for name, value in row.items() if name not in output_only}


def _quoted(names: list[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)
