"""Isolation cases of the debts and payments endpoints (SPEC 4 and 5)."""

from __future__ import annotations

from tests.isolation.case import ByIdCases, Expect, IsolationCase
from tests.isolation.estate import FOREIGN_MARKER
from tests.isolation.messages import API, CREATED, DEBT_DENIED, DEBT_NOT_FOUND, OK

READ = ("debts:read",)
WRITE = ("debts:write",)
PAY = ("payments:write",)
PAYMENT = {"amount": "10.00", "currency": "EUR", "paid_at": "2024-03-01T10:00:00Z"}

# What the owner gets for the invalid bodies below.
BAD = Expect(400)
NEW_DEBT = {
    "firstname": "Ann",
    "lastname": "Attacker",
    "email": "ann@attacker.example",
    "amount": "99.00",
    "currency": "EUR",
}
# decisions.md: unknown, malformed, another debt's and another company's followup ids in a
# payment body all read alike, so nothing leaks about other companies.
FOREIGN_FOLLOWUP = Expect(
    400, "Validation failed", details={"followup_id": "Followup does not belong to this debt"}
)


# Another company's debt in the path: 403, an unknown one 404; the owner is served.
_by_id = ByIdCases("debts", f"{API}/debts/{{debt}}", DEBT_DENIED, DEBT_NOT_FOUND).case


CASES: list[IsolationCase] = [
    _by_id("read another company's debt", "GET", "", READ, OK),
    _by_id("update another company's debt", "PUT", "", WRITE, OK, {"city": "Stolen"}),
    # The debt is checked before the body: a bad body does not tell a foreign id apart.
    _by_id("update another company's debt, invalid body", "PUT", "", WRITE, BAD, {"amount": "x"}),
    _by_id("delete another company's debt", "DELETE", "", WRITE, OK),
    _by_id("pay another company's debt", "POST", "/payments", PAY, CREATED, PAYMENT),
    _by_id(
        "pay another company's debt, invalid body", "POST", "/payments", PAY, BAD, {"amount": 0}
    ),
    _by_id("list another company's debt's payments", "GET", "/payments", READ, OK),
    _by_id("list another company's debt's payments, page 2", "GET", "/payments?page=2", READ, OK),
    IsolationCase(
        name="payments: credit another company's followup on one's own debt",
        method="POST",
        path=f"{API}/debts/{{own_debt}}/payments",
        scopes=PAY,
        json={**PAYMENT, "followup_id": "{followup}"},
        foreign=FOREIGN_FOLLOWUP,
        unknown=FOREIGN_FOLLOWUP,
    ),
    IsolationCase(
        name="debts: another company's followup id used as a debt id",
        method="GET",
        path=f"{API}/debts/{{followup}}",
        scopes=READ,
        foreign=DEBT_NOT_FOUND,
        unknown=DEBT_NOT_FOUND,
    ),
    IsolationCase(
        name="debts: search for the other company's data",
        method="GET",
        path=f"{API}/debts?q={FOREIGN_MARKER}&limit=100",
        scopes=READ,
        foreign=OK,
    ),
    IsolationCase(
        name="debts: the list shows only the caller's debts",
        method="GET",
        path=f"{API}/debts?limit=100",
        scopes=READ,
        foreign=OK,
    ),
    IsolationCase(
        name="debts: create stays in the caller's company",
        method="POST",
        path=f"{API}/debts",
        scopes=WRITE,
        json=NEW_DEBT,
        foreign=CREATED,
    ),
    IsolationCase(
        name="debts: batch create stays in the caller's company",
        method="POST",
        path=f"{API}/debts/batch",
        scopes=WRITE,
        json={"debts": [NEW_DEBT, {**NEW_DEBT, "internal_id": "A-2"}]},
        foreign=OK,
    ),
    IsolationCase(
        name="debtors: erase another company's debt",
        method="POST",
        path=f"{API}/debtors/erase",
        scopes=("company:write",),
        json={"debt_ids": ["{debt}"]},
        foreign=DEBT_DENIED,
        unknown=Expect(400, "Validation failed", details={"debt_ids.0": "Debt not found"}),
        owner=CREATED,
    ),
]
