"""Where the benchmark keeps its data, which databases it uses, and the data set sizes."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS_DIR = BENCH_DIR / "results"
WRK_DIR = BENCH_DIR / "wrk"
SECRET_FILE = RESULTS_DIR / "secret.key"

PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgresql://postgres@127.0.0.1:5432")
# Appended to every bench database name, so two checkouts on one server (e.g. a branch being
# measured next to main) never migrate or reseed each other's data set.
DB_SUFFIX = os.environ.get("BENCH_DB_SUFFIX", "")
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

    @property
    def heavy_size(self) -> int:
        """Followups on each heavy debt: 20,000, scaled down for the small sets."""
        return min(20_000, self.followups // 50)

    @property
    def full_page_debts(self) -> int:
        """Debts that get about 60 followups, so a 50-row page of them is always full."""
        return max(self.debts // 50, 1)

    @property
    def dsn(self) -> str:
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


def bench_secret() -> str:
    """The server secret of the benchmark, made once and kept in the (gitignored) results dir."""
    if SECRET_FILE.exists():
        return SECRET_FILE.read_text().strip()
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    SECRET_FILE.write_text(value)
    SECRET_FILE.chmod(0o600)
    return value
