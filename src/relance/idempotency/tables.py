"""The stored answers of keyed POSTs, one row per (company, key), kept 24 hours."""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata

idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("key", sa.String(255), primary_key=True),
    # sha256 of method, path and the parsed body: a reuse with another request is told apart.
    sa.Column("fingerprint", sa.String(64), nullable=False),
    # NULL only inside the transaction that claimed the key; committed rows carry the answer.
    sa.Column("status_code", sa.Integer, nullable=True),
    sa.Column("headers", sa.Text, nullable=True),
    sa.Column("body", sa.LargeBinary, nullable=True),
    sa.Column("created_at", UTCDateTime(), nullable=False, index=True),
)

# PostgreSQL's one-statement keyed create (idempotency/statement_claim.py) cannot write its
# answer into the claim row it inserts in the same statement, so it keeps the created row here
# (JSON text, as the webhook outbox does); a replay rebuilds the answer from it. ``created_at``
# equals its key's, so a row left by an expired key that was claimed again is never read.
idempotency_rows = sa.Table(
    "idempotency_rows",
    metadata,
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("key", sa.String(255), primary_key=True),
    sa.Column("created_at", UTCDateTime(), nullable=False, index=True),
    # What the row is, hence how its answer is rebuilt (http.idempotent.rebuilt_answer).
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("row", sa.Text, nullable=False),
)
