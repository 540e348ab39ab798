"""``client.debts``: the debts followups hang on (SPEC 4)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Unpack

from relance_client._core.call import Call, data_of, get, nothing, page_of, segment, send_json
from relance_client._core.methods import D, Resource, operation, walk
from relance_client.models.debt import BatchResult, Debt, DebtFields
from relance_client.models.followup import Moment
from relance_client.models.page import Page


def _create(**fields: Unpack[DebtFields]) -> Call[Debt]:
    """Create a debt (``POST /debts``). Required: ``firstname``, ``lastname``, ``amount``,
    ``currency``, and a ``phone`` or an ``email``."""
    return send_json("POST", "/debts", data_of(Debt.from_wire), dict(fields))


def _get(debt_id: str) -> Call[Debt]:
    """One debt (``GET /debts/{id}``)."""
    return get(f"/debts/{segment(debt_id)}", data_of(Debt.from_wire))


def _update(debt_id: str, **fields: Unpack[DebtFields]) -> Call[Debt]:
    """Change the fields given (``PUT /debts/{id}``). ``status`` may be set to ``paid``,
    ``in_progress``, ``on_hold``, ``failed`` or ``archived``."""
    return send_json("PUT", f"/debts/{segment(debt_id)}", data_of(Debt.from_wire), dict(fields))


def _delete(debt_id: str) -> Call[None]:
    """Delete a debt and its followups (its payments are kept)."""
    return Call("DELETE", f"/debts/{segment(debt_id)}", nothing)


def _list(
    *,
    status: str | None = None,
    currency: str | None = None,
    min_amount: Decimal | str | int | None = None,
    max_amount: Decimal | str | int | None = None,
    created_after: Moment | None = None,
    created_before: Moment | None = None,
    q: str | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> Call[Page[Debt]]:
    """One page of the company's debts (``GET /debts``). ``q`` searches internal_id, names,
    email and invoice_reference."""
    params = {
        "status": status,
        "currency": currency,
        "min_amount": min_amount,
        "max_amount": max_amount,
        "created_after": created_after,
        "created_before": created_before,
        "q": q,
        "limit": limit,
        "page": page,
    }
    return get("/debts", page_of(Debt.from_wire), params)


def _batch(debts: Sequence[DebtFields]) -> Call[BatchResult]:
    """Create up to 1,000 debts at once (``POST /debts/batch``): each row succeeds or fails on
    its own; the result lists the ``created`` ids and the ``failed`` rows' messages."""
    return send_json("POST", "/debts/batch", data_of(BatchResult.from_wire), {"debts": list(debts)})


class Debts(Resource[D]):
    """Debts: the claims on a debtor, each with its followups and payments."""

    create = operation(_create)
    get = operation(_get)
    update = operation(_update)
    delete = operation(_delete)
    list = operation(_list)
    iter_all = walk(
        _list,
        """Every debt matching the filters (same arguments as :meth:`list`), fetched page after
        page as you iterate. ``limit`` is the page size (default 100).""",
    )
    batch = operation(_batch)
