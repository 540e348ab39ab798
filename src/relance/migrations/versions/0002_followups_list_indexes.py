"""followups list indexes: the company/activity index covers the list filters (PostgreSQL)

A filtered global list's ``pagination.total`` is a ``count(*)`` over the company's followups in
a date window; with status, type, direction and triggered_payment carried in the index
(INCLUDE), PostgreSQL counts it with an index-only scan instead of reading a heap page per row.
SQLite has no INCLUDE: the index stays as it was there.

Revision ID: followups_list_indexes
Revises: 0001
Create Date: 2026-11-22 11:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "followups_list_indexes"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEX = "ix_followups_company_activity"
COLUMNS = ["company_id", "activity_at", "id"]
COVERED = ["status", "type", "direction", "triggered_payment"]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index(INDEX, table_name="followups")
    op.create_index(INDEX, "followups", COLUMNS, unique=False, postgresql_include=COVERED)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_index(INDEX, table_name="followups")
    op.create_index(INDEX, "followups", COLUMNS, unique=False)
