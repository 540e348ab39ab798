"""contact policy (SPEC 13): contact_policies; debts.timezone, contact_flags_json, legal_hold

Revision ID: contact_policy
Revises: followup_revisions
Create Date: 2026-12-04 00:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from relance.db.schema import BigKey, UTCDateTime

revision: str = "contact_policy"
down_revision: str | None = "followup_revisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "contact_policies",
        sa.Column(
            "company_id",
            BigKey,
            sa.ForeignKey(
                "companies.id", name="fk_contact_policies_company_id_companies", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("enforce", sa.Boolean, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("company_id", name="pk_contact_policies"),
    )
    with op.batch_alter_table("debts") as batch:
        batch.add_column(sa.Column("timezone", sa.String(64), nullable=True))
        batch.add_column(sa.Column("contact_flags_json", sa.Text, nullable=True))
        batch.add_column(
            sa.Column("legal_hold", sa.Boolean, nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("debts") as batch:
        batch.drop_column("legal_hold")
        batch.drop_column("contact_flags_json")
        batch.drop_column("timezone")
    op.drop_table("contact_policies")
