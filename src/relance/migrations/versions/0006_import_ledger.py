"""import ledger: the lines of each imported file already created (SPEC 14)

Revision ID: import_ledger
Revises: operators
Create Date: 2026-12-10 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from relance.db.schema import BigKey, UTCDateTime

revision: str = "import_ledger"
down_revision: str | None = "operators"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_ledger",
        sa.Column(
            "company_id",
            BigKey,
            sa.ForeignKey(
                "companies.id", name="fk_import_ledger_company_id_companies", ondelete="CASCADE"
            ),
            nullable=False,
        ),
        sa.Column("file_sha256", sa.String(64), nullable=False),
        sa.Column("line", sa.Integer, autoincrement=False, nullable=False),
        sa.Column("imported_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("company_id", "file_sha256", "line", name="pk_import_ledger"),
    )


def downgrade() -> None:
    op.drop_table("import_ledger")
