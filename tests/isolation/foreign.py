"""Placeholders of the isolation matrix: how to build each kind of object the foreign tenant owns.

Adding a kind of object (``{followup}``, ``{payment}``, ...) means adding ONE entry to
``PLACEHOLDERS``: an async builder that creates it for ``world.foreign`` and returns its wire
form, and a function returning a well-formed value that names nothing.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from relance.ids import IdKind
from tests.auth.helpers import tokens
from tests.conftest import Factory, Tenant

# Written into the foreign tenant's text fields; no response to the attacker may contain it.
FOREIGN_MARKER = "Foreign-Tenant-Marker"
# Valid key range, far beyond any row a test creates.
UNKNOWN_KEY = 2**62 + 12345


@dataclass
class World:
    """Two tenants: the attacker who makes the requests and the foreign one who owns the data."""

    factory: Factory
    attacker: Tenant
    foreign: Tenant


Builder = Callable[[World], Awaitable[str]]


@dataclass(frozen=True)
class Placeholder:
    foreign: Builder
    unknown: Callable[[World], str]


def _unknown_id(kind: IdKind) -> Callable[[World], str]:
    return lambda world: world.factory.state.ids.encode(kind, UNKNOWN_KEY)


async def _foreign_debt(world: World) -> str:
    email = f"{FOREIGN_MARKER.lower()}@example.com"
    return await world.factory.make_debt(world.foreign, lastname=FOREIGN_MARKER, email=email)


async def _foreign_refresh_token(world: World) -> str:
    return str((await tokens(world.factory.http, world.foreign))["refresh_token"])


async def _foreign_access_token(world: World) -> str:
    return str((await tokens(world.factory.http, world.foreign))["access_token"])


def _random_token(_world: World) -> str:
    return secrets.token_urlsafe(32)


PLACEHOLDERS: dict[str, Placeholder] = {
    "debt": Placeholder(_foreign_debt, _unknown_id(IdKind.DEBT)),
    "refresh_token": Placeholder(_foreign_refresh_token, _random_token),
    "access_token": Placeholder(_foreign_access_token, _random_token),
}


def placeholders_in(*values: Any) -> list[str]:
    """The placeholder names in strings, or in every string inside JSON-like values."""
    names: dict[str, None] = {}
    for value in values:
        if isinstance(value, str):
            for _, name, _, _ in string.Formatter().parse(value):
                if name:
                    names.setdefault(name, None)
        elif isinstance(value, Mapping):
            names.update(dict.fromkeys(placeholders_in(*value.values())))
        elif isinstance(value, list):
            names.update(dict.fromkeys(placeholders_in(*value)))
    return list(names)


async def resolve(world: World, names: list[str], variant: str) -> dict[str, str]:
    """A value per placeholder: the foreign tenant's object, or one that names nothing."""
    values: dict[str, str] = {}
    for name in names:
        placeholder = PLACEHOLDERS.get(name)
        if placeholder is None:
            pytest.fail(f"no builder for {{{name}}}: add one to PLACEHOLDERS in {__name__}")
        if variant == "unknown":
            values[name] = placeholder.unknown(world)
        else:
            values[name] = await placeholder.foreign(world)
    return values


def fill(value: Any, values: Mapping[str, str]) -> Any:
    """Replaces placeholders in a string, or in every string inside a JSON-like value."""
    if isinstance(value, str):
        return value.format_map(values)
    if isinstance(value, Mapping):
        return {key: fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, values) for item in value]
    return value
