"""Helpers for tracking tests (also used by media tests): email followups, events, token bytes."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import sqlalchemy as sa
from fastapi import FastAPI
from sqlalchemy import bindparam as param

from relance.state import AppState
from relance.tracking.tables import email_events
from tests.conftest import Factory, Tenant
from tests.followups.helpers import FollowupRef, make_followup_ref


async def make_email_followup(factory: Factory, tenant: Tenant, **values: Any) -> FollowupRef:
    """A sent email followup of ``tenant`` on a new debt, made through POST /followups."""
    return await make_followup_ref(factory, tenant, **{"type": "email", "status": "sent", **values})


_EVENTS = (
    sa.select(email_events.c.event, email_events.c.event_id, email_events.c.occurred_at)
    .where(email_events.c.followup_id == param("id"))
    .order_by(email_events.c.id)
)


async def fetch_events(state: AppState, key: int) -> list[dict[str, Any]]:
    async with state.database.read() as tx:
        return await tx.fetch_all(_EVENTS, {"id": key})


def token_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


async def hit_from(app: FastAPI, path: str, address: str) -> httpx.Response:
    """GET ``path`` as a client at ``address``: hits are counted once per token and address
    within the window (tracking/hit_window.py)."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        return await http.get(path)


def address(number: int) -> str:
    """A distinct client address for each number (10.x.y.z)."""
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def path_of(url: str) -> str:
    """The path of a link the app handed out (its base is the test public URL)."""
    return url.removeprefix("http://testserver")


def token_bytes(token: str) -> bytes:
    return base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))


def spell_token(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
