"""Settings read from RELANCE_* environment variables or a .env file."""

from __future__ import annotations

import secrets
from functools import cached_property
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE_NAME = "secret.key"


class ConfigurationError(RuntimeError):
    """A setting is missing or inconsistent; raised at start-up, never per request."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="RELANCE_", env_file=".env", extra="ignore", frozen=True
    )

    data_dir: Path = Path("./relance-data")
    database_url: str | None = None
    secret_key: str | None = None
    public_url: str = "http://127.0.0.1:8000"
    redis_url: str | None = None
    # Unset: a folder in the data dir (one node). s3://bucket/prefix: that bucket, for every node.
    media_store: str | None = None
    access_token_ttl: int = Field(default=3600, gt=0)
    refresh_token_ttl: int = Field(default=30 * 24 * 3600, gt=0)
    media_url_ttl: int = Field(default=3600, gt=0)
    media_max_bytes: int = Field(default=200 * 1024 * 1024, gt=0)
    # JSON bodies (a batch of 1,000 debts fits); uploads have media_max_bytes. 413 past it.
    max_body_bytes: int = Field(default=4 * 1024 * 1024, gt=0)
    attribution_window_days: int = Field(default=7, ge=0)
    revocation_refresh_seconds: float = Field(default=5.0, gt=0)
    db_pool_size: int = Field(default=10, gt=0)
    # SPEC 7 defaults per client and window; `relance client limits` overrides them per client.
    rate_limit_reads: int = Field(default=1000, gt=0)
    rate_limit_writes: int = Field(default=500, gt=0)
    rate_limit_window: int = Field(default=3600, gt=0)
    # Webhooks (SPEC 8). Development and tests only: http:// and private/loopback targets.
    webhooks_allow_private: bool = False
    # Deliver in the serving process: None means on SQLite (the embedded default) only.
    webhooks_in_process: bool | None = None
    webhook_timeout: float = Field(default=10.0, gt=0)
    # First retry after about this many seconds, doubling up to webhook_backoff_cap (schedule.py).
    webhook_backoff_base: float = Field(default=30.0, gt=0)
    webhook_backoff_cap: float = Field(default=7200.0, gt=0)
    webhook_retry_window: float = Field(default=24 * 3600.0, gt=0)
    # How long a claimed delivery belongs to its worker; longer than the timeout, so a live
    # worker's send is never taken over. A crashed worker's deliveries come back after it.
    webhook_lease_seconds: float = Field(default=60.0, gt=0)
    webhook_poll_seconds: float = Field(default=1.0, gt=0)
    webhook_concurrency: int = Field(default=32, gt=0)
    # FastAPI's native OpenTelemetry hooks; off unless asked for (see docs/decisions.md).
    telemetry: bool = False

    @property
    def is_embedded(self) -> bool:
        """True for the zero-configuration default: SQLite inside the data dir."""
        return self.database_url is None

    @cached_property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir.resolve() / 'relance.db'}"

    @property
    def delivers_in_process(self) -> bool:
        if self.webhooks_in_process is not None:
            return self.webhooks_in_process
        return self.effective_database_url.startswith("sqlite")

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @cached_property
    def secret(self) -> bytes:
        """The server secret; generated once into the data dir for the embedded default only."""
        if self.secret_key:
            if len(self.secret_key) < 32:
                raise ConfigurationError("RELANCE_SECRET_KEY must be at least 32 characters")
            return self.secret_key.encode()
        if not self.is_embedded:
            raise ConfigurationError(
                "RELANCE_SECRET_KEY is not set: it is required when RELANCE_DATABASE_URL is set "
                "(every node must share the same key)"
            )
        return _load_or_create_secret(self.data_dir / SECRET_FILE_NAME).encode()


def _load_or_create_secret(path: Path) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    # Exclusive create: two processes starting together never end up with different keys.
    try:
        with path.open("x") as handle:
            handle.write(value)
        path.chmod(0o600)
    except FileExistsError:
        return path.read_text().strip()
    return value
