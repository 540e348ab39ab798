"""Where the benchmark keeps its data, which databases it uses, and the data set sizes."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
# relance on PostgreSQL counts rate limits in Redis, as several nodes would; "" counts in process.
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
WRK_DIR = BENCH_DIR / "wrk"
SECRET_FILE = RESULTS_DIR / "secret.key"

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")


def checkout_suffix() -> str:
    """``_`` + 8 hex digits of this checkout's absolute path: each checkout (worktree) gets its
    own PostgreSQL databases, so two benches at once never reseed or migrate each other's."""
    return "_" + hashlib.sha1(str(BENCH_DIR.parent).encode()).hexdigest()[:8]


# Appended to every bench database name; BENCH_DB_SUFFIX overrides it ("" for the shared names).
DB_SUFFIX = os.environ.get("BENCH_DB_SUFFIX", checkout_suffix())
COMPANIES = 100


@dataclass(frozen=True, slots=True)
class Size:
    """One data set: its name, its database and how many rows of each kind it holds."""

    name: str
    database: str
    followups: int
    debts: int
    heavy_debts: int = 5
    companies: int = COMPANIES
    engine: str = "postgresql"  # or "sqlite": then ``database`` is the file's path

    @property
    def heavy_size(self) -> int:
        """Followups on each heavy debt: 20,000, scaled down for the small sets."""
        return min(20_000, self.followups // 50)

    @property
    def full_page_debts(self) -> int:
        """Debts that get about 60 followups, so a 50-row page of them is always full."""
        return max(self.debts // 50, 1)

    @property
    def is_sqlite(self) -> bool:
        return self.engine == "sqlite"

    @property
    def dsn(self) -> str:
        if self.is_sqlite:
            return f"sqlite:///{self.database}"
        return f"{PG_SERVER}/{self.database}"

    @property
    def data_dir(self) -> Path:
        return RESULTS_DIR / self.name


SIZES: dict[str, Size] = {
    "10k": Size("10k", f"relance_bench_10k{DB_SUFFIX}", followups=10_000, debts=2_000),
    "1m": Size("1m", f"relance_bench{DB_SUFFIX}", followups=1_000_000, debts=200_000),
    "10m": Size("10m", f"relance_bench_10m{DB_SUFFIX}", followups=10_000_000, debts=2_000_000),
}
DEFAULT_SIZE = "1m"


def _sqlite_size(name: str, followups: int) -> Size:
    # The file lives in the checkout's own (gitignored) results dir: per checkout already.
    path = RESULTS_DIR / f"sqlite-{name}" / "relance.db"
    return Size(
        f"sqlite-{name}", str(path), followups=followups, debts=followups // 5, engine="sqlite"
    )


# The embedded default (`relance serve` with no RELANCE_DATABASE_URL) on the same generator.
SQLITE_SIZES: dict[str, Size] = {
    "100k": _sqlite_size("100k", 100_000),
    "1m": _sqlite_size("1m", 1_000_000),
}


def bench_secret() -> str:
    """The server secret of the benchmark, made once and kept in the (gitignored) results dir."""
    if SECRET_FILE.exists():
        return SECRET_FILE.read_text().strip()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    SECRET_FILE.write_text(value)
    SECRET_FILE.chmod(0o600)
    return value
