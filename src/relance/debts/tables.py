"""Debts and the payments recorded against them. Amounts are integer minor units (cents)."""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata, now_column

debts = sa.Table(
    "debts",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("civility", sa.String(20), nullable=True),
    sa.Column("firstname", sa.String(100), nullable=False),
    sa.Column("lastname", sa.String(100), nullable=False),
    sa.Column("phone", sa.String(32), nullable=True),
    sa.Column("email", sa.String(254), nullable=True),
    sa.Column("birthdate", sa.Date, nullable=True),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("object", sa.String(255), nullable=True),
    sa.Column("internal_id", sa.String(100), nullable=True),
    sa.Column("invoice_reference", sa.String(100), nullable=True),
    sa.Column("debtor_reference", sa.String(100), nullable=True),
    sa.Column("invoice_date", sa.Date, nullable=True),
    sa.Column("due_date", sa.Date, nullable=True),
    sa.Column("address", sa.String(500), nullable=True),
    sa.Column("street_address", sa.String(255), nullable=True),
    sa.Column("street_number", sa.String(20), nullable=True),
    sa.Column("postal_code", sa.String(20), nullable=True),
    sa.Column("city", sa.String(100), nullable=True),
    sa.Column("country", sa.String(100), nullable=True),
    sa.Column("status", sa.String(40), nullable=False),
    sa.Column("summary", sa.Text, nullable=True),
    sa.Column("iban", sa.String(34), nullable=True),
    sa.Column("debtor_company", sa.String(200), nullable=True),
    sa.Column("payment_link", sa.String(2048), nullable=True),
    # JSON text: one representation on both backends, decoded by the repository.
    sa.Column("metadata_json", sa.Text, nullable=True),
    # SPEC 13: the debtor's IANA zone (None: the main zone of ``country``), their contact flags
    # (JSON text, policy/debtor.py) and the legal hold that refuses an erasure.
    sa.Column("timezone", sa.String(64), nullable=True),
    sa.Column("contact_flags_json", sa.Text, nullable=True),
    sa.Column("legal_hold", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("amount_paid_cents", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("followups_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("nb_reminders", sa.Integer, nullable=False, server_default="0"),
    sa.Column("nb_answered", sa.Integer, nullable=False, server_default="0"),
    now_column("created_at"),
    now_column("updated_at"),
    sa.Index("ix_debts_company_id_created_at", "company_id", "created_at", "id"),
    sa.Index("ix_debts_company_id_status", "company_id", "status"),
)

payments = sa.Table(
    "payments",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False
    ),
    # Payments outlive their debt (SPEC 4: deleting a debt keeps its payments).
    sa.Column("debt_id", BigKey, sa.ForeignKey("debts.id", ondelete="SET NULL"), nullable=True),
    sa.Column(
        "followup_id", BigKey, sa.ForeignKey("followups.id", ondelete="SET NULL"), nullable=True
    ),
    sa.Column("amount_cents", sa.BigInteger, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("paid_at", UTCDateTime(), nullable=False),
    sa.Column("reference", sa.String(255), nullable=True),
    now_column("created_at"),
    sa.Index("ix_payments_company_id_debt_id_paid_at", "company_id", "debt_id", "paid_at"),
)
