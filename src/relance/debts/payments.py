"""Recording payments: the debt's paid amount and status, and attribution (SPEC 5), in one
transaction. Lock order is followup row, then debt row, as in followup writes, so concurrent
payments and followup updates cannot deadlock."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from relance.db.tx import Tx
from relance.debts import fields
from relance.debts.amounts import to_cents
from relance.debts.errors import DEBT
from relance.debts.followup_links import FollowupLinks
from relance.debts.list_params import PageRequest, parse_page_only
from relance.debts.payment_repository import PaymentRepository
from relance.debts.schemas import PAYMENT_MESSAGES, PaymentCreate
from relance.debts.serialize import payment_out
from relance.debts.service import DebtService
from relance.kit.errors import ValidationFailed
from relance.kit.ids import IdCodec, IdKind
from relance.kit.timestamps import utcnow
from relance.kit.validation import validate_body
from relance.webhooks.outbox import PAYMENT_RECEIVED, Outbox

FOREIGN_FOLLOWUP = "Followup does not belong to this debt"


def currency_mismatch(currency: str) -> str:
    return f"Currency must match the debt currency ({currency})"


def currency_details(payload: Mapping[str, Any], debt: Mapping[str, Any]) -> dict[str, str]:
    """A valid ISO code that is not the debt's currency (an invalid one gets its own message)."""
    try:
        currency = fields.currency(payload["currency"])
    except (KeyError, TypeError, AttributeError, ValueError):
        return {}
    return {} if currency == debt["currency"] else {"currency": currency_mismatch(debt["currency"])}


class PaymentService:
    def __init__(self, tx: Tx, company_id: int, ids: IdCodec, window_days: int) -> None:
        self.debts = DebtService(tx, company_id, ids)
        self.payments = PaymentRepository(tx, company_id)
        self.links = FollowupLinks(tx, company_id)
        self.ids = ids
        self.window = timedelta(days=window_days)

    async def record(self, public_debt_id: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        debt = await self.debts.get_row_or_raise(public_debt_id)
        model = validate_body(
            PaymentCreate, payload, PAYMENT_MESSAGES, lambda raw: currency_details(raw, debt)
        )
        explicit = await self._named_followup(model, debt["id"])
        now = utcnow()
        followup_id = explicit or await self._window_followup(debt["id"], model.paid_at)
        if followup_id is not None:
            await self.links.flag_triggered_payment(followup_id, now)
        cents = to_cents(model.amount)
        updated = await self.debts.repository.add_payment(debt["id"], cents, model.currency, now)
        if updated is None:  # deleted, or its currency changed, since it was read
            DEBT.check(await self.debts.repository.access(debt["id"]))
            raise ValidationFailed({"currency": currency_mismatch(debt["currency"])})
        row = await self.payments.insert(
            {
                "debt_id": debt["id"],
                "followup_id": followup_id,
                "amount_cents": cents,
                "currency": model.currency,
                "paid_at": model.paid_at,
                "reference": model.reference,
                "created_at": now,
            }
        )
        # The paid amount it replaced is exact under concurrent payments (one UPDATE added it).
        old_paid = updated["amount_paid_cents"] - cents
        old_debt = {"status": updated.pop("old_status"), "amount_paid_cents": old_paid}
        await Outbox(self.payments.tx, self.payments.company_id).record(
            PAYMENT_RECEIVED,
            debt["id"],
            row["id"],
            {"payment": row, "debt": updated},
            {"debt": old_debt},
            now,
        )
        return payment_out(row, self.ids)

    async def list_page(
        self, public_debt_id: str, query: Mapping[str, str]
    ) -> tuple[list[dict[str, Any]], int, PageRequest]:
        debt = await self.debts.get_row_or_raise(public_debt_id)
        paging = parse_page_only(query)
        total = await self.payments.count_for_debt(debt["id"])
        rows = []
        if total:
            rows = await self.payments.page_for_debt(debt["id"], paging.limit, paging.offset)
        return [payment_out(row, self.ids) for row in rows], total, paging

    async def _named_followup(self, model: PaymentCreate, debt_id: int) -> int | None:
        """The key of the followup the client named, which must be one of this debt's."""
        if model.followup_id is None:
            return None
        followup_id = self.ids.decode(IdKind.FOLLOWUP, model.followup_id)
        # Unknown, malformed and foreign ids read alike: nothing leaks about other companies.
        if followup_id is None or not await self.links.belongs_to_debt(followup_id, debt_id):
            raise ValidationFailed({"followup_id": FOREIGN_FOLLOWUP})
        return followup_id

    async def _window_followup(self, debt_id: int, paid_at: datetime) -> int | None:
        return await self.links.latest_executed(debt_id, paid_at - self.window, paid_at)
