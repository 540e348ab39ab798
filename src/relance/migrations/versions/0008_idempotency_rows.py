"""idempotency_rows: the created row a one-statement keyed create keeps for its replays (SPEC 9)

Revision ID: idempotency_rows
Revises: webhooks
Create Date: 2026-12-03 23:55:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from relance.db.schema import BigKey, UTCDateTime

revision: str = "idempotency_rows"
down_revision: str | None = "webhooks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "idempotency_rows",
        sa.Column(
            "company_id",
            BigKey,
            sa.ForeignKey(
                "companies.id", name="fk_idempotency_rows_company_id_companies", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("kind", sa.String(40), nullable=False),
        sa.Column("row", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("company_id", "key", name="pk_idempotency_rows"),
    )
    op.create_index("ix_idempotency_rows_created_at", "idempotency_rows", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_idempotency_rows_created_at", table_name="idempotency_rows")
    op.drop_table("idempotency_rows")
