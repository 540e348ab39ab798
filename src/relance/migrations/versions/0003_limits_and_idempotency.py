"""rate-limit window per client, and idempotency keys (SPEC 7 and 9)

Revision ID: limits_and_idempotency
Revises: followups_list_indexes
Create Date: 2026-12-03 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from relance.db.schema import BigKey, UTCDateTime

revision: str = "limits_and_idempotency"
down_revision: str | None = "followups_list_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("api_clients") as batch:
        batch.add_column(sa.Column("limit_window", sa.Integer, nullable=True))
    op.create_table(
        "idempotency_keys",
        sa.Column(
            "company_id",
            BigKey,
            sa.ForeignKey(
                "companies.id",
                name="fk_idempotency_keys_company_id_companies",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=True),
        sa.Column("headers", sa.Text, nullable=True),
        sa.Column("body", sa.LargeBinary, nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("company_id", "key", name="pk_idempotency_keys"),
    )
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_idempotency_keys_created_at", table_name="idempotency_keys")
    op.drop_table("idempotency_keys")
    with op.batch_alter_table("api_clients") as batch:
        batch.drop_column("limit_window")
