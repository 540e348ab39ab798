"""The OAuth scopes of SPEC 2."""

from __future__ import annotations

DEBTS_READ = "debts:read"
DEBTS_WRITE = "debts:write"
FOLLOWUPS_READ = "followups:read"
FOLLOWUPS_WRITE = "followups:write"
PAYMENTS_WRITE = "payments:write"
WEBHOOKS_READ = "webhooks:read"
WEBHOOKS_WRITE = "webhooks:write"
COMPANY_READ = "company:read"
COMPANY_WRITE = "company:write"
# Lets a create or update pass a contact-policy refusal with a recorded reason (SPEC 13).
FOLLOWUPS_OVERRIDE = "followups:override"

ALL_SCOPES: tuple[str, ...] = (
    DEBTS_READ,
    DEBTS_WRITE,
    FOLLOWUPS_READ,
    FOLLOWUPS_WRITE,
    PAYMENTS_WRITE,
    WEBHOOKS_READ,
    WEBHOOKS_WRITE,
    COMPANY_READ,
    COMPANY_WRITE,
    FOLLOWUPS_OVERRIDE,
)


def parse_scopes(value: str | None) -> list[str]:
    """Space-separated scopes, order kept, duplicates dropped."""
    seen: dict[str, None] = {}
    for scope in (value or "").split():
        seen.setdefault(scope, None)
    return list(seen)


def unknown_scopes(scopes: list[str]) -> list[str]:
    return [scope for scope in scopes if scope not in ALL_SCOPES]
