"""The import ledger: one row per imported line, so a second run of a file creates nothing twice."""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata

import_ledger = sa.Table(
    "import_ledger",
    metadata,
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    ),
    # sha256 of the file's bytes: the same content is the same import, whatever its name.
    sa.Column("file_sha256", sa.String(64), primary_key=True),
    # The line where the row starts: written in the transaction that created the row's object.
    sa.Column("line", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("imported_at", UTCDateTime(), nullable=False),
)
