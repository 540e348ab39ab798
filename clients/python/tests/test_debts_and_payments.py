"""Debts and payments against the real server."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from relance_client import BatchResult, Debt, NotFoundError, Payment, Relance
from relance_client.models import DebtFields

from loopback_proxy import LoopbackProxy


def test_debt_create_get_update_delete(client: Relance) -> None:
    debt = client.debts.create(
        firstname="Léa", lastname="Roux", amount=Decimal("1500.05"), currency="EUR",
        email="lea@example.com", internal_id="INV-1",
    )  # fmt: skip
    assert isinstance(debt, Debt)
    assert debt.amount == Decimal("1500.05")  # exact, never a float
    assert debt.status == "status.default.pending"
    assert debt.amount_remaining == Decimal("1500.05")
    assert isinstance(debt.import_date, datetime)
    assert client.debts.get(debt.id) == debt

    updated = client.debts.update(debt.id, status="in_progress", city="Lyon")
    assert (updated.status, updated.city) == ("status.default.in_progress", "Lyon")

    assert client.debts.delete(debt.id) is None
    with pytest.raises(NotFoundError) as caught:
        client.debts.get(debt.id)
    assert caught.value.message == "Debt not found"


def test_debts_iter_all_follows_page_numbers(proxied: Relance, proxy: LoopbackProxy) -> None:
    marker = f"walk-{datetime.now(UTC).timestamp()}"
    for number in range(5):
        proxied.debts.create(
            firstname="P", lastname=marker, amount=10 + number, currency="EUR", phone="0612345678"
        )
    proxy.seen.clear()
    walked = list(proxied.debts.iter_all(q=marker, limit=2))
    assert sorted(debt.amount for debt in walked) == [Decimal(10 + n) for n in range(5)]
    pages = [seen.query.get("page", ["1"])[0] for seen in proxy.api_requests()]
    assert pages == ["1", "2", "3"]


def test_batch_keeps_the_good_rows(client: Relance) -> None:
    good: DebtFields = {
        "firstname": "A",
        "lastname": "B",
        "amount": "5",
        "currency": "EUR",
        "phone": "0612345678",
    }
    result = client.debts.batch([good, {"firstname": "no amount"}, good])
    assert isinstance(result, BatchResult)
    assert (result.total, result.created_count, result.failed_count) == (3, 2, 1)
    assert [row.index for row in result.created] == [0, 2]
    assert result.failed[0].index == 1
    assert "amount" in result.failed[0].details
    assert client.debts.get(result.created[1].id).lastname == "B"


def test_payments_record_and_list(client: Relance, debt: Debt) -> None:
    followup = client.followups.create(debt_id=debt.id, status="deal_found")
    paid_at = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    payment = client.payments.record(
        debt.id, amount="20.50", currency="EUR", paid_at=paid_at, followup_id=followup.id
    )
    assert isinstance(payment, Payment)
    assert (payment.amount, payment.paid_at, payment.followup_id) == (
        Decimal("20.50"),
        paid_at,
        followup.id,
    )
    assert client.followups.get(followup.id).triggered_payment is True
    assert client.debts.get(debt.id).amount_paid == Decimal("20.50")
    listed = client.payments.list(debt.id)
    assert [p.id for p in listed] == [payment.id]
    assert [p.id for p in client.payments.iter_all(debt.id)] == [payment.id]
