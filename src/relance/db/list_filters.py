"""A list filter, declared once in its list's table: what its statements, bind values and
documentation are derived from (followups: ``followups/listing/filters.py``; debts:
``debts/list_filters.py``).

Each list reads its query string by its own rules (which values are empty, which parameters are
refused), so a filter carries its list's ``read`` as an opaque value; the rest is common. A
filter's value is ``None`` (``()`` for a ``many`` one) when absent. Its *arity* is what a
statement depends on: 0 when absent, else how many values it binds. Statements are cached per
tuple of arities, never per value, so every value stays a bind parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy import bindparam as param

Read = TypeVar("Read")
Condition = Callable[[list[sa.BindParameter[Any]]], sa.ColumnElement[bool]]


@dataclass(frozen=True, slots=True)
class Filter(Generic[Read]):
    """``where`` gets one bind parameter per value and returns the SQL condition. A ``scope``
    filter (a followup list's debt) narrows the list to one object rather than filtering its
    rows: that object's counter is still the list's total."""

    name: str  # the query parameter
    read: Read
    message: str | None  # the 400 detail of a bad value; None: the reader's ValueError says it
    where: Condition
    many: bool = False  # a tuple of values, bound as <bind>_0, <bind>_1, ...
    bind: str = ""  # the bind parameter (a ``many`` one's prefix); the query parameter's name
    scope: bool = False
    schema: Mapping[str, Any] = field(default_factory=dict)  # OpenAPI, where the list has it
    description: str = ""
    bind_name: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bind_name", self.bind or self.name)  # frozen: set once here

    @property
    def absent(self) -> Any:
        return () if self.many else None

    def condition(self, arity: int) -> sa.ColumnElement[bool]:
        bind = self.bind_name
        names = [f"{bind}_{i}" for i in range(arity)] if self.many else [bind]
        return self.where([param(name) for name in names])


AnyFilter = Filter[Any]


def arities(filters: Sequence[AnyFilter], values: Sequence[Any]) -> tuple[int, ...]:
    """The shape of ``values`` (one per filter, in the table's order)."""
    return tuple(
        [
            len(value) if spec.many else 0 if value is None else 1
            for spec, value in zip(filters, values, strict=True)
        ]
    )


def bind_values(
    filters: Sequence[AnyFilter], values: Sequence[Any], bound: dict[str, Any]
) -> dict[str, Any]:
    """``bound`` (the list's own parameters) with those of the present filters added."""
    for spec, value in zip(filters, values, strict=True):
        if value is None or value == ():  # absent
            continue
        if spec.many:
            for i, one in enumerate(value):
                bound[f"{spec.bind_name}_{i}"] = one
        else:
            bound[spec.bind_name] = value
    return bound


def conditions(filters: Sequence[AnyFilter], shape: Sequence[int]) -> list[sa.ColumnElement[bool]]:
    """The SQL conditions of the filters present in ``shape``, in the table's order."""
    return [spec.condition(arity) for spec, arity in zip(filters, shape, strict=True) if arity]
