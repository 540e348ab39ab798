"""Followups: every outreach to a debtor, with its tracking counters and media references."""

import sqlalchemy as sa

from relance.db.schema import BigKey, UTCDateTime, metadata, now_column

followups = sa.Table(
    "followups",
    metadata,
    sa.Column("id", BigKey, primary_key=True, autoincrement=True),
    sa.Column(
        "company_id", BigKey, sa.ForeignKey("companies.id", ondelete="CASCADE"), nullable=False
    ),
    sa.Column("debt_id", BigKey, sa.ForeignKey("debts.id", ondelete="CASCADE"), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("call_date", UTCDateTime(), nullable=True),
    sa.Column("scheduled_at", UTCDateTime(), nullable=True),
    sa.Column("summary", sa.String(500), nullable=True),
    sa.Column("notes", sa.Text, nullable=True),
    sa.Column("call_id", sa.String(255), nullable=True),
    sa.Column("audio_url", sa.String(2048), nullable=True),
    # Keys in the media store for uploaded files (media/); null when nothing was uploaded.
    sa.Column("audio_key", sa.String(255), nullable=True),
    sa.Column("audio_content_type", sa.String(100), nullable=True),
    sa.Column("pdf_key", sa.String(255), nullable=True),
    sa.Column("duration_ms", sa.Integer, nullable=True),
    sa.Column("disconnection_reason", sa.String(100), nullable=True),
    sa.Column("direction", sa.String(10), nullable=True),
    sa.Column("phone_number_used", sa.String(32), nullable=True),
    sa.Column("is_retry", sa.Boolean, nullable=False, server_default=sa.false()),
    now_column("processed_at"),
    sa.Column("triggered_payment", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("email_open_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("email_first_opened_at", UTCDateTime(), nullable=True),
    sa.Column("email_click_count", sa.Integer, nullable=False, server_default="0"),
    # coalesce(call_date, scheduled_at, created_at), kept by the repository so it can be indexed.
    now_column("activity_at"),
    now_column("created_at"),
    # Any change of any kind, server-managed fields included (SPEC 3 updated_since).
    now_column("updated_at"),
    # Bumped in SQL on every change; the ETag is derived from it.
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    # Who made the last change, ``type:id`` (kit.actors); the revision trigger copies it.
    sa.Column("changed_by", sa.String(300), nullable=True),
    # The reason of the contact policy override the last change was made under, else NULL
    # (SPEC 13); the revision trigger copies it. Not part of the followup object.
    sa.Column("policy_override", sa.String(500), nullable=True),
    sa.Index("ix_followups_company_debt_activity", "company_id", "debt_id", "activity_at", "id"),
    # INCLUDE (PostgreSQL only): a filtered list's count(*) and the statistics are index-only
    # scans (migrations followups_list_indexes, stats_covering_index).
    sa.Index(
        "ix_followups_company_activity",
        "company_id",
        "activity_at",
        "id",
        postgresql_include=["status", "type", "direction", "triggered_payment", "duration_ms"],
    ),
    sa.Index("ix_followups_company_updated", "company_id", "updated_at", "id"),
    sa.Index("ix_followups_debt_id", "debt_id"),
)
