"""Placeholders of the isolation matrix: the value each one takes in each variant of a case.

Adding a kind of object means adding ONE entry to ``PLACEHOLDERS``: an async builder returning
the foreign tenant's object in wire form (most come from its ``Estate``), a function returning a
well-formed value that names nothing, and, when the control differs, the value the foreign
tenant itself would use. A placeholder without ``unknown`` is an object of the attacker's own,
the same in every variant.
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from relance.kit.ids import IdKind
from relance.kit.timestamps import utcnow
from tests.auth.helpers import tokens
from tests.conftest import Factory, Tenant
from tests.isolation.estate import FOREIGN_MARKER, Estate

__all__ = ["FOREIGN_MARKER", "PLACEHOLDERS", "World", "fill", "placeholders_in", "resolve"]

# Valid key range, far beyond any row a test creates.
UNKNOWN_KEY = 2**62 + 12345
CLICK_TARGET = "https://shop.example/pay"


@dataclass
class World:
    """Two tenants: the attacker who makes the requests and the foreign one who owns the data."""

    factory: Factory
    attacker: Tenant
    foreign: Tenant
    estate: Estate
    # The attacker's own objects (and the foreign webhook and delivery), made on first use.
    own: dict[str, str] = field(default_factory=dict)


Builder = Callable[[World], Awaitable[str]]


@dataclass(frozen=True)
class Placeholder:
    foreign: Builder
    # None: the attacker's own object, the same in every variant (no unknown variant of its own).
    unknown: Callable[[World], str] | None
    # The value in the control variant (the foreign tenant asking about its own objects), when
    # it is not ``foreign``.
    owner: Builder | None = None


def _unknown_id(kind: IdKind) -> Callable[[World], str]:
    return lambda world: world.factory.state.ids.encode(kind, UNKNOWN_KEY)


async def _foreign_debt(world: World) -> str:
    return world.estate.debt_id


async def _foreign_followup(world: World) -> str:
    return world.estate.followup_id


async def _own_debt(world: World) -> str:
    if "debt" not in world.own:
        world.own["debt"] = await world.factory.make_debt(world.attacker)
    return world.own["debt"]


async def _own_followup(world: World) -> str:
    if "followup" not in world.own:
        made = await world.factory.make_followup(world.attacker, await _own_debt(world))
        world.own["followup"] = str(made["id"])
    return world.own["followup"]


async def _foreign_refresh_token(world: World) -> str:
    return str((await tokens(world.factory.http, world.foreign))["refresh_token"])


async def _foreign_access_token(world: World) -> str:
    return str((await tokens(world.factory.http, world.foreign))["access_token"])


def _random_token(_world: World) -> str:
    return secrets.token_urlsafe(32)


def _last_segment(url: str) -> str:
    return url.rsplit("/", 1)[1]


def _signed_for(kind: str, company: Callable[[World], Tenant]) -> Builder:
    """A public link the server signed for ``company`` naming the foreign tenant's followup.

    Signed for the attacker it is a link no one can obtain (the key is the server's): it shows
    that a link's company is checked against the followup's, not only its signature.
    """

    async def build(world: World) -> str:
        state, key = world.factory.state, world.estate.followup_key
        company_id = company(world).company_id
        if kind == "open":
            return _last_segment(state.tracking.pixel_url(company_id, key))
        if kind == "click":
            return _last_segment(state.tracking.click_url(company_id, key, CLICK_TARGET))
        return _last_segment(state.media_links.link(company_id, key, "audio", utcnow())[0])

    return build


# A public address literal: registering it needs no DNS, and the tests never deliver to it.
WEBHOOK_URL = "https://93.184.216.34/hooks"


async def _webhook_of(world: World, tenant: Tenant, name: str) -> str:
    if name not in world.own:
        body = {"url": WEBHOOK_URL, "events": ["*"], "description": FOREIGN_MARKER}
        answer = await world.factory.http.post(
            "/external-api/v1/webhooks", json=body, headers=tenant.headers
        )
        assert answer.status_code == 201, answer.text
        world.own[name] = str(answer.json()["data"]["id"])
    return world.own[name]


async def _foreign_webhook(world: World) -> str:
    return await _webhook_of(world, world.foreign, "foreign webhook")


async def _own_webhook(world: World) -> str:
    return await _webhook_of(world, world.attacker, "webhook")


async def _foreign_delivery(world: World) -> str:
    """A delivery of the foreign tenant's webhook (its test event, never sent here)."""
    if "foreign delivery" not in world.own:
        webhook = await _foreign_webhook(world)
        answer = await world.factory.http.post(
            f"/external-api/v1/webhooks/{webhook}/test", headers=world.foreign.headers
        )
        assert answer.status_code == 202, answer.text
        world.own["foreign delivery"] = str(answer.json()["data"]["id"])
    return world.own["foreign delivery"]


def _signed_link(kind: str) -> Placeholder:
    return Placeholder(
        foreign=_signed_for(kind, lambda world: world.attacker),
        unknown=_random_token,
        owner=_signed_for(kind, lambda world: world.foreign),
    )


PLACEHOLDERS: dict[str, Placeholder] = {
    "debt": Placeholder(_foreign_debt, _unknown_id(IdKind.DEBT)),
    "followup": Placeholder(_foreign_followup, _unknown_id(IdKind.FOLLOWUP)),
    "own_debt": Placeholder(_own_debt, None),
    "own_followup": Placeholder(_own_followup, None),
    "refresh_token": Placeholder(_foreign_refresh_token, _random_token),
    "access_token": Placeholder(_foreign_access_token, _random_token),
    "open_token": _signed_link("open"),
    "click_token": _signed_link("click"),
    "media_token": _signed_link("media"),
    "webhook": Placeholder(_foreign_webhook, _unknown_id(IdKind.WEBHOOK)),
    "delivery": Placeholder(_foreign_delivery, _unknown_id(IdKind.WEBHOOK_DELIVERY)),
    "own_webhook": Placeholder(_own_webhook, None),
}


def placeholder(name: str) -> Placeholder:
    found = PLACEHOLDERS.get(name)
    if found is None:
        pytest.fail(f"no builder for {{{name}}}: add one to PLACEHOLDERS in {__name__}")
    return found


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


def names_foreign_objects(names: list[str]) -> bool:
    """Whether a case has an unknown variant: it names at least one foreign object."""
    return any(placeholder(name).unknown is not None for name in names)


async def resolve(world: World, names: list[str], variant: str) -> dict[str, str]:
    """A value per placeholder for the ``foreign``, ``unknown`` or ``owner`` variant."""
    values: dict[str, str] = {}
    for name in names:
        found = placeholder(name)
        if variant == "unknown" and found.unknown is not None:
            values[name] = found.unknown(world)
        elif variant == "owner" and found.owner is not None:
            values[name] = await found.owner(world)
        else:
            values[name] = await found.foreign(world)
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
