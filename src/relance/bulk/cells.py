"""CSV cells → the JSON values a request body would carry, by the type the API's own input model
declares for each field (its JSON schema): a CSV file has only text.

A cell that does not read as its field's type is handed on as text, so the API's rule refuses
it in its own words ("Must be an integer"). An empty cell is an absent field (CSV has no null).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import BaseModel

CellReader = Callable[[str], Any]


def _integer(text: str) -> Any:
    stripped = text.strip()
    digits = stripped.removeprefix("-")
    return int(stripped) if digits.isascii() and digits.isdigit() else text


def _boolean(text: str) -> Any:
    return {"true": True, "false": False}.get(text.strip().lower(), text)


def _number(text: str) -> Any:
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return text


def _json(text: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except ValueError:
        return text


_READERS: dict[str, CellReader] = {
    "integer": _integer,
    "boolean": _boolean,
    "number": _number,
    "object": _json,
    "array": _json,
}


def cell_readers(model: type[BaseModel]) -> dict[str, CellReader]:
    """A reader for each field of ``model`` that does not take a string as it is written."""
    readers: dict[str, CellReader] = {}
    for name, schema in model.model_json_schema()["properties"].items():
        types = [option.get("type") for option in schema.get("anyOf", [schema])]
        if "string" in types:
            continue
        for kind in types:
            if kind in _READERS:
                readers[name] = _READERS[kind]
                break
    return readers
