"""A debt's contact settings (SPEC 13): its time zone and the debtor's contact flags.

``timezone`` is an IANA name; a debt without one uses the main zone of its country (the first
zone tzdata's ``zone.tab`` lists for it: America/New_York for the US), else UTC. ``country`` is
free text: an ISO 3166 code or a name that ``pycountry`` knows.
"""

from __future__ import annotations

import functools
import importlib.resources
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

import orjson
import pycountry

from relance.policy.rules import CHANNELS, ContactFlags

UNKNOWN_ZONE = "Unknown time zone. Use an IANA name such as Europe/Paris"
FLAGS_NOT_OBJECT = "Must be an object with cease, disputed and do_not_contact"
NO_FLAGS: dict[str, Any] = {"cease": False, "disputed": False, "do_not_contact": []}


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


@functools.cache
def _main_zones() -> dict[str, str]:
    table = importlib.resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    zones: dict[str, str] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            code, _coordinates, zone = line.split("\t")[:3]
            zones.setdefault(code, zone)
    return zones


def check_zone(value: Any) -> str:
    if not isinstance(value, str) or value not in _zones():
        raise ValueError(UNKNOWN_ZONE)
    return value


@functools.lru_cache(maxsize=1024)
def default_zone(country: str | None) -> str:
    if not country:
        return "UTC"
    try:
        found = pycountry.countries.lookup(country.strip())
    except LookupError:
        return "UTC"
    return _main_zones().get(found.alpha_2, "UTC")


def zone_of(timezone: str | None, country: str | None) -> ZoneInfo:
    return ZoneInfo(timezone or default_zone(country))


def check_flags(value: Any) -> dict[str, Any]:
    """The whole flags object (a PUT replaces it); absent keys take their default."""
    if not isinstance(value, dict):
        raise ValueError(FLAGS_NOT_OBJECT)
    unknown = sorted(set(value) - set(NO_FLAGS))
    if unknown:
        raise ValueError(f"Unknown key {unknown[0]!r}. {FLAGS_NOT_OBJECT}")
    flags = dict(NO_FLAGS)
    for name in ("cease", "disputed"):
        if name in value:
            if not isinstance(value[name], bool):
                raise ValueError(f"{name} must be true or false")
            flags[name] = value[name]
    channels = value.get("do_not_contact", [])
    if not isinstance(channels, list) or not all(item in CHANNELS for item in channels):
        raise ValueError(f"do_not_contact must be a list of channels among {', '.join(CHANNELS)}")
    flags["do_not_contact"] = sorted(set(channels))
    return flags


def flags_text(flags: dict[str, Any] | None) -> str | None:
    return None if flags is None else orjson.dumps(flags).decode()


def flags_out(stored: str | None) -> dict[str, Any]:
    return dict(NO_FLAGS) if stored is None else {**NO_FLAGS, **orjson.loads(stored)}


def contact_flags(stored: str | None) -> ContactFlags:
    flags = flags_out(stored)
    return ContactFlags(flags["cease"], flags["disputed"], tuple(flags["do_not_contact"]))
