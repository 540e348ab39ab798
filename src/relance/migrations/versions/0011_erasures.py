"""erasures: the receipts of debtors' erasures (SPEC 13)

Revision ID: erasures
Revises: contact_policy
Create Date: 2026-12-04 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from relance.db.schema import BigKey, UTCDateTime

revision: str = "erasures"
down_revision: str | None = "contact_policy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erasures",
        sa.Column("id", BigKey, primary_key=True, autoincrement=True),
        sa.Column(
            "company_id",
            BigKey,
            sa.ForeignKey(
                "companies.id", name="fk_erasures_company_id_companies", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("erased_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(300), nullable=True),
        sa.Column("debts", sa.Integer, nullable=False),
        sa.Column("followups", sa.Integer, nullable=False),
        sa.Column("media_objects", sa.Integer, nullable=False),
        sa.Column("fields", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_erasures"),
    )


def downgrade() -> None:
    op.drop_table("erasures")
