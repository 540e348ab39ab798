"""Bulk import benchmark: a company, N debts imported with ``relance import debts``, then a
followups CSV of M rows on those debts, ready for ``relance import followups`` (bench/README.md,
"Bulk import"). Writes into --dir; prints the company id and the followups file's path.

    .venv/bin/python -m bench.import_file --dir /tmp/bulk --debts 1000 --rows 100000
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

RELANCE = [sys.executable, "-m", "relance"]
STATUSES = ["sent", "delivered", "no_answer", "deal_found", "scheduled", "failed", "on_hold"]
TYPES = ["call", "email", "sms", "whatsapp", "voicemail"]
HEADER = [
    "debt_id", "type", "status", "call_date", "summary", "duration_ms", "direction",
    "phone_number_used", "is_retry",
]  # fmt: skip


def _relance(*args: str) -> dict[str, object]:
    done = subprocess.run([*RELANCE, *args, "--json"], capture_output=True, text=True, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _debts_file(path: Path, count: int) -> None:
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["firstname", "lastname", "email", "amount", "currency", "internal_id"])
        for n in range(count):
            writer.writerow(["Camille", f"Debtor {n}", f"d{n}@example.com", "120.50", "EUR", n])


def _followups_file(path: Path, debt_ids: list[str], rows: int, seed: int) -> None:
    pick = random.Random(seed)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(HEADER)
        for n in range(rows):
            kind = pick.choice(TYPES)
            call = kind in ("call", "voicemail")
            when = start + timedelta(minutes=pick.randrange(500_000))
            writer.writerow(
                [
                    pick.choice(debt_ids),
                    kind,
                    pick.choice(STATUSES),
                    when.isoformat(),
                    f"Followup {n}: reminder about the invoice",
                    pick.randrange(5_000, 600_000) if call else "",
                    pick.choice(["outbound", "outbound", "inbound"]),
                    f"+336{pick.randrange(10**8):08d}" if call else "",
                    "false",
                ]
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--debts", type=int, default=1000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    _relance("db", "upgrade")
    company = str(_relance("company", "create", "Bulk bench")["id"])
    debts = args.dir / "debts.csv"
    _debts_file(debts, args.debts)
    _relance("import", "debts", str(debts), "--company", company)
    exported = args.dir / "debts.jsonl"
    _relance(
        "export", "debts", "--company", company, "--format", "jsonl", "--output", str(exported)
    )
    debt_ids = [json.loads(line)["id"] for line in exported.read_text().splitlines()]
    followups = args.dir / "followups.csv"
    _followups_file(followups, debt_ids, args.rows, args.seed)
    print(json.dumps({"company": company, "file": str(followups), "debts": len(debt_ids)}))


if __name__ == "__main__":
    main()
