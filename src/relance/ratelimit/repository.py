"""SQL of the per-client limits an operator set (columns of ``api_clients``), read before any
tenant is known, like the other client statements of ``auth.repository``."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import bindparam as param

from relance.auth.tables import api_clients
from relance.db.tx import Tx


@dataclass(frozen=True, slots=True)
class ClientLimits:
    """Requests per window; None in an override means "the default"."""

    reads: int | None
    writes: int | None
    window: int | None


c = api_clients.c
_OVERRIDES = sa.select(c.client_id, c.read_limit, c.write_limit, c.limit_window).where(
    sa.or_(c.read_limit.is_not(None), c.write_limit.is_not(None), c.limit_window.is_not(None))
)
_SET = (
    sa.update(api_clients)
    .where(c.client_id == param("client_id"))
    .values(
        read_limit=param("reads", type_=sa.Integer),
        write_limit=param("writes", type_=sa.Integer),
        limit_window=param("window", type_=sa.Integer),
    )
)


async def load_overrides(tx: Tx) -> dict[str, ClientLimits]:
    rows = await tx.fetch_all(_OVERRIDES)
    return {
        row["client_id"]: ClientLimits(row["read_limit"], row["write_limit"], row["limit_window"])
        for row in rows
    }


async def set_limits(tx: Tx, client_id: str, limits: ClientLimits) -> bool:
    """False when there is no such client."""
    params = {
        "client_id": client_id,
        "reads": limits.reads,
        "writes": limits.writes,
        "window": limits.window,
    }
    return await tx.execute(_SET, params) == 1
