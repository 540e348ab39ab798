"""client.stats.followups against the real server's GET /stats/followups (SPEC 12)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from relance_client import Debt, Relance
from relance_client.models.stats import FollowupStats


def test_followup_stats_of_one_debt_grouped_by_type_and_status(client: Relance, debt: Debt) -> None:
    when = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    client.followups.create(debt_id=debt.id, type="call", status="deal_found",
                            call_date=when, duration_ms=30_000)  # fmt: skip
    client.followups.create(debt_id=debt.id, type="call", status="no_answer", call_date=when)
    client.followups.create(debt_id=debt.id, type="sms", status="delivered", call_date=when)

    rows = client.stats.followups(debt_id=debt.id, group_by=["type", "status"])
    calls = client.stats.followups(
        debt_id=debt.id, type=["call"], from_=when, to=when, group_by="week"
    )

    assert all(isinstance(row, FollowupStats) for row in rows)
    assert [(row.type, row.status, row.count) for row in rows] == [
        ("call", "deal_found", 1), ("call", "no_answer", 1), ("sms", "delivered", 1)
    ]  # fmt: skip
    assert rows[0].deals == 1
    assert rows[0].deal_rate == 1.0
    assert rows[0].avg_duration_ms == 30_000
    assert rows[0].amount_recovered == Decimal("0.00")
    assert [(row.week, row.count, row.executed, row.answered) for row in calls] == [
        ("2026-03-02", 2, 2, 1)
    ]
    assert calls[0].answer_rate == 0.5
