"""``client.payments``: payments recorded on a debt, and their attribution (SPEC 5)."""

from __future__ import annotations

from decimal import Decimal

from relance_client._core.call import Call, data_of, get, page_of, segment, send_json
from relance_client._core.methods import D, Resource, operation, walk
from relance_client.models.followup import Moment
from relance_client.models.page import Page
from relance_client.models.payment import Payment


def _record(
    debt_id: str,
    *,
    amount: Decimal | str | int,
    currency: str,
    paid_at: Moment,
    reference: str | None = None,
    followup_id: str | None = None,
) -> Call[Payment]:
    """Record a payment on a debt (``POST /debts/{id}/payments``). Without ``followup_id`` the
    server attributes it to the latest executed followup within its attribution window."""
    payload: dict[str, object] = {"amount": amount, "currency": currency, "paid_at": paid_at}
    if reference is not None:
        payload["reference"] = reference
    if followup_id is not None:
        payload["followup_id"] = followup_id
    path = f"/debts/{segment(debt_id)}/payments"
    return send_json("POST", path, data_of(Payment.from_wire), payload)


def _list(
    debt_id: str, *, limit: int | None = None, page: int | None = None
) -> Call[Page[Payment]]:
    """One page of a debt's payments (``GET /debts/{id}/payments``)."""
    path = f"/debts/{segment(debt_id)}/payments"
    return get(path, page_of(Payment.from_wire), {"limit": limit, "page": page})


class Payments(Resource[D]):
    """Payments received on debts."""

    record = operation(_record)
    list = operation(_list)
    iter_all = walk(_list, """Every payment of a debt, fetched page after page as you iterate.""")
