"""Email open/click events, kept so a provider's event_id is never counted twice."""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata, now_column

email_events = sa.Table(
    "email_events",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "followup_id",
        BigKey,
        sa.ForeignKey("followups.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("event", sa.String(20), nullable=False),
    # Provider's id for deduplication; null for hits on our own pixel/redirect links.
    sa.Column("event_id", sa.String(255), nullable=True),
    sa.Column("occurred_at", UTCDateTime(), nullable=False),
    now_column("created_at"),
    sa.UniqueConstraint("followup_id", "event_id"),
)
