"""Wire dicts → the dataclasses of this package, driven by each field's type annotation.

The SDK trusts the server's types and converts only: ISO strings to ``datetime``/``date``,
numbers to ``Decimal`` or ``float``, nested objects and lists of them. Keys the server adds later
are kept in ``raw``, never an error, so an older SDK keeps working against a newer server.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar, Union, get_args, get_origin, get_type_hints

M = TypeVar("M")


def from_wire(cls: type[M], data: Mapping[str, Any]) -> M:
    """An instance of the dataclass ``cls`` from the API object ``data``."""
    hints = _hints(cls)
    values = {name: _convert(hint, data.get(name)) for name, hint in hints.items() if name != "raw"}
    build: Any = cls
    instance: M = build(**values, raw=dict(data))
    return instance


_HINTS: dict[type[Any], dict[str, Any]] = {}


def _hints(cls: type[Any]) -> dict[str, Any]:
    """The annotated fields of a dataclass, resolved once per class."""
    hints = _HINTS.get(cls)
    if hints is None:
        names = {field.name for field in dataclasses.fields(cls)}
        hints = {name: hint for name, hint in get_type_hints(cls).items() if name in names}
        _HINTS[cls] = hints
    return hints


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        (inner,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return _convert(inner, value)
    if origin is list:
        (item,) = get_args(hint)
        return [_convert(item, element) for element in value]
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return from_wire(hint, value)
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is Decimal:
        return value if isinstance(value, Decimal) else Decimal(str(value))
    if hint is float:
        return float(value)
    return value
