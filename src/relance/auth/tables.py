"""Companies (tenants), their API clients, refresh tokens and revoked access tokens."""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata, now_column

companies = sa.Table(
    "companies",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False),
    now_column("created_at"),
)

api_clients = sa.Table(
    "api_clients",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column(
        "company_id",
        BigKey,
        sa.ForeignKey("companies.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("client_id", sa.String(64), nullable=False, unique=True),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("scopes", sa.String(500), nullable=False),
    sa.Column("read_limit", sa.Integer, nullable=True),
    sa.Column("write_limit", sa.Integer, nullable=True),
    # Seconds of the rate-limit window when an operator set one (SPEC 7); NULL: the default.
    sa.Column("limit_window", sa.Integer, nullable=True),
    sa.Column("revoked_at", UTCDateTime(), nullable=True),
    now_column("created_at"),
)

refresh_tokens = sa.Table(
    "refresh_tokens",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column(
        "client_pk",
        BigKey,
        sa.ForeignKey("api_clients.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    # Every token issued by rotation from one client_credentials grant shares a family.
    sa.Column("family_id", sa.String(32), nullable=False, index=True),
    sa.Column("scopes", sa.String(500), nullable=False),
    now_column("created_at"),
    now_column("expires_at"),
    sa.Column("used_at", UTCDateTime(), nullable=True),
    sa.Column("revoked_at", UTCDateTime(), nullable=True),
)

revoked_access_tokens = sa.Table(
    "revoked_access_tokens",
    metadata,
    sa.Column("jti", sa.String(64), primary_key=True),
    sa.Column(
        "client_pk",
        BigKey,
        sa.ForeignKey("api_clients.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    now_column("expires_at", index=True),
)
