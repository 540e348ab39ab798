"""followup_revisions and the triggers that append them; followups.changed_by and
policy_override (SPEC 12, 13)

Revision ID: followup_revisions
Revises: idempotency_rows
Create Date: 2026-12-04 00:10:00

A trigger rather than a statement in each write path: every INSERT and UPDATE of a followup
(API, uploads, tracking, payment attribution, bulk import, erasure, and paths to come) appends
its revision in the same statement, at no extra round trip. PostgreSQL compares the rows as
JSON, whatever their columns; SQLite's trigger names the columns of this revision (a migration
that adds a followup column must recreate it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from relance.db.schema import BigKey, UTCDateTime

revision: str = "followup_revisions"
down_revision: str | None = "idempotency_rows"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept out of a revision's changes: keys, and what every write moves or derives.
_NOT_CHANGES = (
    "id",
    "company_id",
    "created_at",
    "updated_at",
    "version",
    "processed_at",
    "activity_at",
    "changed_by",
    "policy_override",
)
# The followup columns a revision compares, as of this migration (SQLite's trigger).
_COLUMNS = (
    "debt_id",
    "status",
    "type",
    "call_date",
    "scheduled_at",
    "summary",
    "notes",
    "call_id",
    "audio_url",
    "audio_key",
    "audio_content_type",
    "pdf_key",
    "duration_ms",
    "disconnection_reason",
    "direction",
    "phone_number_used",
    "is_retry",
    "triggered_payment",
    "email_open_count",
    "email_first_opened_at",
    "email_click_count",
)
_TARGET = (
    "INSERT INTO followup_revisions"
    " (company_id, followup_id, version, changed_at, actor, override_reason, changes)"
)
_EXCLUDED = ", ".join(f"'{name}'" for name in _NOT_CHANGES)
_PG_FUNCTION = f"""
CREATE FUNCTION followup_revision() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changes jsonb;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(NULL::jsonb, n.value)), '{{}}')
          INTO changes
          FROM jsonb_each(to_jsonb(NEW)) AS n
         WHERE n.key NOT IN ({_EXCLUDED}) AND n.value <> 'null'::jsonb;
    ELSE
        SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_array(o.value, n.value)), '{{}}')
          INTO changes
          FROM jsonb_each(to_jsonb(NEW)) AS n JOIN jsonb_each(to_jsonb(OLD)) AS o ON o.key = n.key
         WHERE n.key NOT IN ({_EXCLUDED}) AND n.value IS DISTINCT FROM o.value;
    END IF;
    {_TARGET}
    VALUES (
        NEW.company_id, NEW.id, NEW.version, NEW.updated_at, NEW.changed_by, NEW.policy_override,
        changes::text
    );
    RETURN NULL;
END
$$
"""
_PG_TRIGGER = (
    "CREATE TRIGGER followups_revision AFTER INSERT OR UPDATE ON followups"
    " FOR EACH ROW EXECUTE FUNCTION followup_revision()"
)


def _sqlite_trigger(event: str) -> str:
    if event == "INSERT":
        pairs = [
            f"SELECT '{name}' AS k, json_array(NULL, NEW.{name}) AS v WHERE NEW.{name} IS NOT NULL"
            for name in _COLUMNS
        ]
    else:
        pairs = [
            f"SELECT '{name}' AS k, json_array(OLD.{name}, NEW.{name}) AS v"
            f" WHERE OLD.{name} IS NOT NEW.{name}"
            for name in _COLUMNS
        ]
    changes = (
        "(SELECT coalesce(json_group_object(k, json(v)), '{}') FROM ("
        + " UNION ALL ".join(pairs)
        + "))"
    )
    return (
        f"CREATE TRIGGER followups_revision_{event.lower()} AFTER {event} ON followups BEGIN "
        f"{_TARGET} SELECT NEW.company_id, NEW.id, NEW.version, NEW.updated_at, NEW.changed_by, "
        f"NEW.policy_override, {changes}; END"
    )


def upgrade() -> None:
    with op.batch_alter_table("followups") as batch:
        batch.add_column(sa.Column("changed_by", sa.String(300), nullable=True))
        batch.add_column(sa.Column("policy_override", sa.String(500), nullable=True))
    op.create_table(
        "followup_revisions",
        sa.Column("id", BigKey, primary_key=True, autoincrement=True),
        sa.Column(
            "company_id",
            BigKey,
            sa.ForeignKey(
                "companies.id",
                name="fk_followup_revisions_company_id_companies",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column(
            "followup_id",
            BigKey,
            sa.ForeignKey(
                "followups.id",
                name="fk_followup_revisions_followup_id_followups",
                ondelete="CASCADE",
            ),
            nullable=False,
        ),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.Column("actor", sa.String(300), nullable=True),
        sa.Column("override_reason", sa.String(500), nullable=True),
        sa.Column("changes", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_followup_revisions"),
    )
    op.create_index(
        "ix_followup_revisions_followup_id_id", "followup_revisions", ["followup_id", "id"]
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(_PG_TRIGGER)
    else:
        op.execute(_sqlite_trigger("INSERT"))
        op.execute(_sqlite_trigger("UPDATE"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER followups_revision ON followups")
        op.execute("DROP FUNCTION followup_revision()")
    else:
        op.execute("DROP TRIGGER followups_revision_insert")
        op.execute("DROP TRIGGER followups_revision_update")
    op.drop_index("ix_followup_revisions_followup_id_id", table_name="followup_revisions")
    op.drop_table("followup_revisions")
    with op.batch_alter_table("followups") as batch:
        batch.drop_column("policy_override")
        batch.drop_column("changed_by")
