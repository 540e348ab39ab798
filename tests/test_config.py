"""Settings: the embedded default generates its secret once; production must set one."""

from __future__ import annotations

from pathlib import Path

import pytest

from relance.config import ConfigurationError, Settings


def test_embedded_default_generates_secret_once(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path, _env_file=None).secret
    second = Settings(data_dir=tmp_path, _env_file=None).secret
    assert first == second
    assert len(first) >= 32
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0


def test_missing_secret_outside_embedded_default_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(
        data_dir=tmp_path,
        database_url="postgresql://x@127.0.0.1/y",
        _env_file=None,
    )
    with pytest.raises(ConfigurationError, match="RELANCE_SECRET_KEY"):
        _ = settings.secret


def test_short_secret_is_refused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, secret_key="short", _env_file=None)
    with pytest.raises(ConfigurationError, match="at least 32"):
        _ = settings.secret


def test_default_database_is_sqlite_in_data_dir(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)
    assert settings.effective_database_url == f"sqlite:///{tmp_path.resolve() / 'relance.db'}"
