"""Each company's contact policy (SPEC 13): none stored means the default (not enforced)."""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata

contact_policies = sa.Table(
    "contact_policies",
    metadata,
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), primary_key=True
    ),
    # Apart from the document: the followup writes read it in SQL to skip the rules when off.
    sa.Column("enforce", sa.Boolean, nullable=False),
    # The policy as the API shows it (policy/document.py), JSON text.
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("updated_at", UTCDateTime(), nullable=False),
)
