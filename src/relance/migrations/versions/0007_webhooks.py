"""webhooks: endpoints, the transactional outbox, events, deliveries and attempts (SPEC 8)

Revision ID: webhooks
Revises: import_ledger
Create Date: 2026-12-05 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from relance.db.schema import BigKey, UTCDateTime

revision: str = "webhooks"
down_revision: str | None = "import_ledger"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id() -> sa.Column[int]:
    return sa.Column("id", BigKey, primary_key=True, autoincrement=True)


def _company(table: str) -> sa.Column[int]:
    return sa.Column(
        "company_id",
        BigKey,
        sa.ForeignKey("companies.id", name=f"fk_{table}_company_id_companies", ondelete="CASCADE"),
        nullable=False,
    )


def _at(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "webhook_endpoints",
        _id(),
        _company("webhook_endpoints"),
        sa.Column("url", sa.String(2048), nullable=False),
        sa.Column("events", sa.Text, nullable=False),
        sa.Column("enabled", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("description", sa.String(500), nullable=True),
        sa.Column("secret", sa.Text, nullable=False),
        sa.Column("previous_secret", sa.Text, nullable=True),
        _at("previous_secret_until", nullable=True),
        _at("created_at"),
        _at("updated_at"),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_endpoints"),
    )
    op.create_index("ix_webhook_endpoints_company_id", "webhook_endpoints", ["company_id", "id"])
    op.create_table(
        "webhook_outbox",
        _id(),
        _company("webhook_outbox"),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("debt_id", BigKey, nullable=True),
        sa.Column("object_id", BigKey, nullable=False),
        sa.Column("new", sa.Text, nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_outbox"),
    )
    op.create_table(
        "webhook_events",
        _id(),
        _company("webhook_events"),
        sa.Column("event_id", sa.String(40), nullable=False),
        sa.Column("type", sa.String(40), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        _at("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_events"),
        sa.UniqueConstraint("event_id", name="uq_webhook_events_event_id"),
    )
    op.create_table(
        "webhook_deliveries",
        _id(),
        _company("webhook_deliveries"),
        sa.Column(
            "endpoint_id",
            BigKey,
            sa.ForeignKey(
                "webhook_endpoints.id",
                name="fk_webhook_deliveries_endpoint_id_webhook_endpoints",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column(
            "event_id",
            BigKey,
            sa.ForeignKey(
                "webhook_events.id",
                name="fk_webhook_deliveries_event_id_webhook_events",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_status_code", sa.Integer, nullable=True),
        sa.Column("last_error", sa.String(500), nullable=True),
        _at("next_attempt_at"),
        sa.Column("lease", sa.String(32), nullable=True),
        _at("created_at"),
        _at("delivered_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_deliveries"),
    )
    op.create_index(
        "ix_webhook_deliveries_status_next_attempt_at",
        "webhook_deliveries",
        ["status", "next_attempt_at"],
    )
    op.create_index(
        "ix_webhook_deliveries_endpoint_id", "webhook_deliveries", ["endpoint_id", "id"]
    )
    op.create_table(
        "webhook_attempts",
        _id(),
        _company("webhook_attempts"),
        sa.Column(
            "delivery_id",
            BigKey,
            sa.ForeignKey(
                "webhook_deliveries.id",
                name="fk_webhook_attempts_delivery_id_webhook_deliveries",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        _at("attempted_at"),
        sa.Column("status_code", sa.Integer, nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
        sa.Column("duration_ms", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_webhook_attempts"),
    )
    op.create_index("ix_webhook_attempts_delivery_id", "webhook_attempts", ["delivery_id", "id"])


def downgrade() -> None:
    for table in (
        "webhook_attempts",
        "webhook_deliveries",
        "webhook_events",
        "webhook_outbox",
        "webhook_endpoints",
    ):
        op.drop_table(table)
