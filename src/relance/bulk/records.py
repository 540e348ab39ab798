"""What the import reads: records (a row of the file, or why it cannot be one) and refusals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from relance.kit.errors import ApiError


class CommandRefused(ValueError):
    """A bulk command cannot run as asked: the CLI prints the message and exits non-zero."""


class FileRefused(CommandRefused):
    """The file as a whole cannot be imported (no header, unknown columns): nothing is."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a row was not imported: the SPEC envelope's ``message`` and ``details``."""

    message: str
    details: dict[str, Any] | None = None

    @classmethod
    def of(cls, error: ApiError) -> Refusal:
        return cls(error.message, error.details)


# Refusals the file itself causes, before the API's rules see the row.
INVALID_ENCODING = "Invalid encoding"
INVALID_JSON = "Invalid JSON payload"  # the API's own message for a body that is no JSON object
MALFORMED_ROW = "Malformed row"
TRUNCATED_ROW = "Truncated row"
TRUNCATED_DETAIL = "The file ends in the middle of this row"


def bad_encoding(byte: int) -> Refusal:
    return Refusal(INVALID_ENCODING, {"row": f"Not UTF-8 from byte {byte + 1}: save as UTF-8"})


@dataclass(frozen=True, slots=True)
class Record:
    """One row: the lines it spans (a quoted CSV value may hold newlines), its text as written
    (for the errors file), and either the payload for the API's rules or a refusal."""

    line: int
    last_line: int
    text: str
    payload: dict[str, Any] | None = None
    refusal: Refusal | None = None
