"""Followup revisions: appended by a database trigger on every INSERT and UPDATE of a followup
(migration ``followup_revisions``), so no write path can forget one and none costs a round trip.
Nothing in relance updates or deletes them (a followup's deletion, with its debt, takes them).
"""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata

followup_revisions = sa.Table(
    "followup_revisions",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column(
        "followup_id", BigKey, sa.ForeignKey("followups.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("changed_at", UTCDateTime(), nullable=False),
    # ``type:id`` (kit.actors), copied from followups.changed_by.
    sa.Column("actor", sa.String(300), nullable=True),
    # The reason of a contact policy override this change was made under (SPEC 13).
    sa.Column("override_reason", sa.String(500), nullable=True),
    # {column: [old, new]} of the columns that changed (all set columns on INSERT), as JSON text
    # with the stored values; history/changes.py turns them into wire values.
    sa.Column("changes", sa.Text, nullable=False),
    sa.Index("ix_followup_revisions_followup_id_id", "followup_id", "id"),
)
