"""What the foreign tenant owns during every matrix case: one of each kind of row, with a marker.

Built through the API before each case, so every table the matrix watches (debts, followups,
payments, email_events, the media store) holds something an attack could read, change or delete,
and the snapshot taken before the attack sees it. The marker is in a text field of each object;
no response to the attacker may contain it.
"""

from __future__ import annotations

from dataclasses import dataclass

from relance.kit.ids import IdKind
from tests.conftest import Factory, Tenant

API = "/external-api/v1"
FOREIGN_MARKER = "Foreign-Tenant-Marker"
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


# Paid long before the followup, so no followup is credited: an attack that flags the foreign
# followup's triggered_payment shows in the snapshot.
PAYMENT = {
    "amount": "10.00",
    "currency": "EUR",
    "paid_at": "2020-01-01T00:00:00Z",
    "reference": FOREIGN_MARKER,
}


@dataclass(frozen=True)
class Estate:
    debt_id: str
    followup_id: str
    followup_key: int


async def build_estate(factory: Factory, owner: Tenant) -> Estate:
    marker = FOREIGN_MARKER.lower()
    debt_id = await factory.make_debt(owner, lastname=FOREIGN_MARKER, email=f"{marker}@example.com")
    followup = await factory.make_followup(
        owner,
        debt_id,
        type="email",
        status="sent",
        summary=FOREIGN_MARKER,
        audio_url=f"https://recordings.example/{marker}.mp3",
    )
    followup_id = str(followup["id"])
    await _post(factory, owner, f"/debts/{debt_id}/payments", PAYMENT, 201)
    opened = {"event": "email.opened", "event_id": FOREIGN_MARKER}
    await _post(factory, owner, f"/followups/{followup_id}/events", opened, 200)
    document = await factory.http.put(
        f"{API}/followups/{followup_id}/document",
        content=PDF,
        headers={**owner.headers, "Content-Type": "application/pdf"},
    )
    assert document.status_code == 200, document.text
    key = factory.state.ids.decode(IdKind.FOLLOWUP, followup_id)
    assert key is not None
    return Estate(debt_id, followup_id, key)


async def _post(
    factory: Factory, owner: Tenant, path: str, body: dict[str, str], status: int
) -> None:
    response = await factory.http.post(f"{API}{path}", json=body, headers=owner.headers)
    assert response.status_code == status, response.text
