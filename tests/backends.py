"""Which database a test run targets: RELANCE_TEST_BACKEND=sqlite|postgresql."""

from __future__ import annotations

import os

import sqlalchemy as sa

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/relance_test"


def backend() -> str:
    return os.environ.get("RELANCE_TEST_BACKEND", "sqlite")


def postgres_url(database: str | None = None) -> str:
    url = sa.engine.make_url(os.environ.get("RELANCE_TEST_DATABASE_URL", DEFAULT_POSTGRES_URL))
    if database is not None:
        url = url.set(database=database)
    return url.render_as_string(hide_password=False)


def postgres_database_name() -> str:
    return str(sa.engine.make_url(postgres_url()).database)


def ensure_postgres_database(url: str) -> None:
    """Creates the database named in ``url`` when the server does not have it yet."""
    import psycopg

    target = sa.engine.make_url(url)
    admin = target.set(drivername="postgresql", database="postgres")
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{target.database}"')


def reset_postgres_schema(url: str) -> None:
    import psycopg

    plain = sa.engine.make_url(url).set(drivername="postgresql")
    with psycopg.connect(plain.render_as_string(hide_password=False), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


def postgres_reachable() -> bool:
    try:
        ensure_postgres_database(postgres_url())
    except Exception:
        return False
    return True


if __name__ == "__main__":
    import sys

    sys.exit(0 if postgres_reachable() else 1)
