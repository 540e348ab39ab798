"""dashboard operators and their sessions (SPEC 15)

Revision ID: operators
Revises: limits_and_idempotency
Create Date: 2026-12-04 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from relance.db.schema import BigKey, UTCDateTime

revision: str = "operators"
down_revision: str | None = "limits_and_idempotency"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "operators",
        sa.Column("id", BigKey, autoincrement=True, nullable=False),
        sa.Column("company_id", BigKey, nullable=False),
        sa.Column("email", sa.String(254), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name="fk_operators_company_id_companies",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_operators"),
        sa.UniqueConstraint("email", name="uq_operators_email"),
    )
    op.create_index("ix_operators_company_id", "operators", ["company_id"])
    op.create_table(
        "dashboard_sessions",
        sa.Column("id", BigKey, autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("operator_id", BigKey, nullable=False),
        sa.Column("company_id", BigKey, nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["operators.id"],
            name="fk_dashboard_sessions_operator_id_operators",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["companies.id"],
            name="fk_dashboard_sessions_company_id_companies",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_dashboard_sessions"),
        sa.UniqueConstraint("token_hash", name="uq_dashboard_sessions_token_hash"),
    )
    op.create_index("ix_dashboard_sessions_operator_id", "dashboard_sessions", ["operator_id"])


def downgrade() -> None:
    op.drop_index("ix_dashboard_sessions_operator_id", table_name="dashboard_sessions")
    op.drop_table("dashboard_sessions")
    op.drop_index("ix_operators_company_id", table_name="operators")
    op.drop_table("operators")
