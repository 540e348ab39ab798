"""Migrations build exactly the declared schema, and upgrade → downgrade → upgrade works."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from relance.db import migrate
from relance.db.connect import create_sync_engine
from relance.migrations.all_tables import metadata
from tests import backends


@pytest.fixture
def scratch_url(tmp_path: Path) -> str:
    if backends.backend() == "postgresql":
        url = backends.postgres_url(backends.postgres_database_name() + "_migrations")
        backends.ensure_postgres_database(url)
        backends.reset_postgres_schema(url)
        return url
    return f"sqlite:///{tmp_path / 'scratch.db'}"


def _schema_diff(url: str) -> list[object]:
    engine = create_sync_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, metadata))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = create_sync_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_migrations_match_declared_tables_without_drift(scratch_url: str) -> None:
    migrate.upgrade(scratch_url)
    assert _tables(scratch_url) == set(metadata.tables)
    assert _schema_diff(scratch_url) == []


def test_upgrade_downgrade_upgrade_round_trip(scratch_url: str) -> None:
    migrate.upgrade(scratch_url)
    migrate.downgrade(scratch_url, "base")
    assert _tables(scratch_url) == set()
    migrate.upgrade(scratch_url)
    assert _tables(scratch_url) == set(metadata.tables)
    engine = create_sync_engine(scratch_url)
    try:
        assert migrate.current_revision(engine) == migrate.head_revision()
    finally:
        engine.dispose()


def test_upgrade_twice_is_a_no_op(scratch_url: str) -> None:
    migrate.upgrade(scratch_url)
    migrate.upgrade(scratch_url)
    assert _schema_diff(scratch_url) == []


def test_index_include_columns_match_the_declared_ones(scratch_url: str) -> None:
    # compare_metadata does not look at INCLUDE; PostgreSQL builds them, SQLite has none.
    migrate.upgrade(scratch_url)
    postgres = backends.backend() == "postgresql"
    engine = create_sync_engine(scratch_url)
    try:
        inspector = sa.inspect(engine)
        for table in metadata.tables.values():
            built = {
                index["name"]: list(index.get("dialect_options", {}).get("postgresql_include", []))
                for index in inspector.get_indexes(table.name)
            }
            for index in table.indexes:
                declared = index.dialect_options["postgresql"]["include"] or []
                assert built[index.name] == (list(declared) if postgres else []), index.name
    finally:
        engine.dispose()
