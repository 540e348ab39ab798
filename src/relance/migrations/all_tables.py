"""Imports every table module so ``metadata`` is complete (migrations, drift test)."""

from relance.auth import tables as auth_tables
from relance.bulk import tables as bulk_tables
from relance.dashboard import tables as dashboard_tables
from relance.db.schema import metadata
from relance.debts import tables as debt_tables
from relance.erasure import tables as erasure_tables
from relance.followups import tables as followup_tables
from relance.history import tables as history_tables
from relance.idempotency import tables as idempotency_tables
from relance.policy import tables as policy_tables
from relance.tracking import tables as tracking_tables
from relance.webhooks import tables as webhook_tables

__all__ = [
    "auth_tables",
    "bulk_tables",
    "dashboard_tables",
    "debt_tables",
    "erasure_tables",
    "followup_tables",
    "history_tables",
    "idempotency_tables",
    "metadata",
    "policy_tables",
    "tracking_tables",
    "webhook_tables",
]
