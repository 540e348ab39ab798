"""webhook_outbox loses its foreign key to companies: every write paid a second check of a
company its changed row had just proven (issue 19)

Each outbox row is written in the transaction of a change to a followup, debt or payment row,
whose own foreign key already checks the company; the outbox's check cost PostgreSQL another
referential-integrity query per write (14 µs a row, measured). The rows are transient: the
fan-out deletes them, and one whose company has gone finds no listener and is taken without an
event. SQLite rebuilds the table (batch mode); the outbox is small, its rows leave within seconds.

Revision ID: outbox_without_company_key
Revises: stats_covering_index
Create Date: 2026-12-04 17:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "outbox_without_company_key"
down_revision: str | None = "stats_covering_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "webhook_outbox"
KEY = "fk_webhook_outbox_company_id_companies"


def upgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_constraint(KEY, type_="foreignkey")


def downgrade() -> None:
    with op.batch_alter_table(TABLE) as batch:
        batch.create_foreign_key(KEY, "companies", ["company_id"], ["id"], ondelete="CASCADE")
