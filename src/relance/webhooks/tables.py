"""Webhook endpoints, the outbox of changes, the events built from it, deliveries and attempts.

The outbox holds one row per change, written in the change's own transaction (``outbox.py``).
The dispatcher turns each row into events (``events.py``), one delivery per subscribed
endpoint, and deletes the row (``fanout.py``). An event keeps the exact JSON body it is sent
with, so every retry and every replay sends the same bytes under the same ``webhook-id``.
"""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata, now_column


def _company() -> sa.Column[int]:
    return sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False
    )


webhook_endpoints = sa.Table(
    "webhook_endpoints",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    _company(),
    sa.Column("url", sa.String(2048), nullable=False),
    # JSON list of event types, or ["*"].
    sa.Column("events", sa.Text, nullable=False),
    sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("description", sa.String(500), nullable=True),
    # Sealed with a key derived from the server secret (secrets.py): the server must sign.
    sa.Column("secret", sa.Text, nullable=False),
    # After a rotation the old secret keeps signing, next to the new one, until this instant.
    sa.Column("previous_secret", sa.Text, nullable=True),
    sa.Column("previous_secret_until", UTCDateTime(), nullable=True),
    now_column("created_at"),
    now_column("updated_at"),
    sa.Index("ix_webhook_endpoints_company_id", "company_id", "id"),
)

# No foreign key at all: a debt.deleted change outlives its debt, and the company is proven by
# the changed row's own key, written in the same transaction (a second check per write cost
# PostgreSQL 14 µs; migration outbox_without_company_key). A company deleted by hand leaves
# rows that find no listener: the fan-out takes them without an event.
webhook_outbox = sa.Table(
    "webhook_outbox",
    metadata,
    # Also the events' ``sequence``: it increases in the order the changes took their row locks.
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column("company_id", BigKey, nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("debt_id", BigKey, nullable=True),
    sa.Column("object_id", BigKey, nullable=False),
    # JSON: the changed row as it is after the change, and the old values of what it changed.
    sa.Column("new", sa.Text, nullable=False),
    sa.Column("old", sa.Text, nullable=True),
    now_column("created_at"),
)

webhook_events = sa.Table(
    "webhook_events",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    _company(),
    # The public event id: the body's "id" and the webhook-id header.
    sa.Column("event_id", sa.String(40), nullable=False, unique=True),
    sa.Column("type", sa.String(40), nullable=False),
    # The exact bytes every delivery of this event sends (and signs).
    sa.Column("body", sa.Text, nullable=False),
    now_column("created_at"),
)

webhook_deliveries = sa.Table(
    "webhook_deliveries",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    _company(),
    sa.Column(
        "endpoint_id",
        BigKey,
        sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column(
        "event_id", BigKey, sa.ForeignKey("webhook_events.id", ondelete="CASCADE"), nullable=False
    ),
    # pending | succeeded | failed | exhausted
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_status_code", sa.Integer, nullable=True),
    sa.Column("last_error", sa.String(500), nullable=True),
    # When it is due; while a worker sends it, the end of that worker's lease.
    now_column("next_attempt_at"),
    # Set by the claim: only the worker holding the lease records the outcome.
    sa.Column("lease", sa.String(32), nullable=True),
    now_column("created_at"),
    sa.Column("delivered_at", UTCDateTime(), nullable=True),
    sa.Index("ix_webhook_deliveries_status_next_attempt_at", "status", "next_attempt_at"),
    sa.Index("ix_webhook_deliveries_endpoint_id", "endpoint_id", "id"),
)

webhook_attempts = sa.Table(
    "webhook_attempts",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    _company(),
    sa.Column(
        "delivery_id",
        BigKey,
        sa.ForeignKey("webhook_deliveries.id", ondelete="CASCADE"),
        nullable=False,
    ),
    now_column("attempted_at"),
    sa.Column("status_code", sa.Integer, nullable=True),
    sa.Column("error", sa.String(500), nullable=True),
    sa.Column("duration_ms", sa.Integer, nullable=False),
    sa.Index("ix_webhook_attempts_delivery_id", "delivery_id", "id"),
)
