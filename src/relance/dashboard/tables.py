"""Dashboard operators (people who log in with a password) and their sessions."""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata, now_column

operators = sa.Table(
    "operators",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column(
        "company_id",
        BigKey,
        sa.ForeignKey("companies.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    # Lower-cased: the login form names no company, so an email names one operator everywhere.
    sa.Column("email", sa.String(254), nullable=False, unique=True),
    sa.Column("password_hash", sa.String(200), nullable=False),
    now_column("created_at"),
)

dashboard_sessions = sa.Table(
    "dashboard_sessions",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    # sha256 of the cookie's value: a leaked table opens no session.
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column(
        "operator_id",
        BigKey,
        sa.ForeignKey("operators.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False
    ),
    now_column("created_at"),
    sa.Column("expires_at", UTCDateTime(), nullable=False),
)
