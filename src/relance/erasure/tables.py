"""Erasure receipts (SPEC 13): what was erased, when and by whom; never a personal value."""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata

erasures = sa.Table(
    "erasures",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("erased_at", UTCDateTime(), nullable=False),
    sa.Column("actor", sa.String(300), nullable=True),
    sa.Column("debts", sa.Integer, nullable=False),
    sa.Column("followups", sa.Integer, nullable=False),
    sa.Column("media_objects", sa.Integer, nullable=False),
    # JSON list of the erased fields' wire names.
    sa.Column("fields", sa.Text, nullable=False),
)
