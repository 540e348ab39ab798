"""Where a server's time goes under the bench's load: py-spy samples while wrk runs a scenario.

    .venv/bin/pip install py-spy     # not a project dependency: only this script uses it
    python -m bench.profile --engine sqlite --size 100k --scenario list_debt [--seconds 10]
        [--server relance|baseline] [--workers 1] [--connections 16] [--top 25]

The data set must be seeded (`make bench` or bench.seed / bench.sqlite_seed). Prints the top
frames by own samples (where the CPU is spent) and by inclusive samples (what it is spent
under), and own samples grouped by package, each as a share of all samples; the raw stacks are
kept in bench/results/profile-<engine>-<scenario>-<server>.txt (py-spy's collapsed format,
flamegraph.pl reads it).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from bench.config import RESULTS_DIR, SIZES, SQLITE_SIZES, Size
from bench.load import run_wrk
from bench.run import scenarios
from bench.runs import session
from bench.servers import SERVER_CORE

_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def _size(engine: str, name: str) -> Size:
    return (SQLITE_SIZES if engine == "sqlite" else SIZES)[name]


def _package(file: str) -> str:
    """py-spy names files relative to their sys.path entry: redis/client.py -> redis,
    asyncio/runners.py -> asyncio; relance's own modules stay apart (relance/db_sqlite.py)."""
    parts = Path(file).parts
    if "relance" in parts:
        return "/".join(parts[parts.index("relance") :])
    if len(parts) > 1 and not Path(file).is_absolute():
        return parts[0]
    return Path(file).name


def summarize(raw: Path, top: int) -> str:
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [frame for frame in stack.split(";") if frame]
        total += count
        leaf = frames[-1]
        own[leaf] += count
        match = _FRAME.match(leaf)
        packages[_package(match["file"]) if match else leaf] += count
        for frame in set(frames):
            inclusive[frame] += count
    if not total:
        return "no samples"

    def table(title: str, counter: Counter[str]) -> list[str]:
        rows = [f"{title} ({total:,} samples)"]
        rows += [f"  {n * 100 / total:5.1f}%  {name}" for name, n in counter.most_common(top)]
        return rows

    return "\n".join(
        table("own samples by frame", own)
        + table("own samples by package", packages)
        + table("inclusive samples by frame", inclusive)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--size", default="100k", help="100k|1m (SQLite), 10k|1m|10m (PG)")
    parser.add_argument("--scenario", default="list_debt")
    parser.add_argument("--server", choices=("relance", "baseline"), default="relance")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument(
        "--gil", action="store_true", help="sample only the thread holding the GIL (py-spy --gil)"
    )
    parser.add_argument(
        "--native", action="store_true", help="C frames too (py-spy --native; slower)"
    )
    args = parser.parse_args()
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(py_spy).exists():
        sys.exit("py-spy is not installed: .venv/bin/pip install py-spy")
    size = _size(args.engine, args.size)
    meta = json.loads((size.data_dir / "meta.json").read_text())
    scenario = next(s for s in scenarios(meta) if s.name == args.scenario)
    mode = "-gil" if args.gil else "-native" if args.native else ""
    raw = RESULTS_DIR / f"profile-{args.engine}-{args.scenario}-{args.server}{mode}.txt"
    print(
        f"profiling {args.server} ({args.workers} worker) on {size.name}, {args.scenario},"
        f" {args.connections} connections, {args.seconds} s; server on core {SERVER_CORE}"
    )
    with session(args.server, size, args.workers) as server:
        run_wrk(server, scenario, size, 2, args.connections)  # warm-up
        record = [
            py_spy,
            "record",
            "--pid",
            str(server.process.pid),
            "--duration",
            str(args.seconds),
            "--rate",
            str(args.rate),
            "--format",
            "raw",
            "--output",
            str(raw),
            "--subprocesses",
            *(["--gil"] if args.gil else []),
            *(["--native"] if args.native else []),
        ]
        done: list[subprocess.CompletedProcess[bytes]] = []
        spy = threading.Thread(
            target=lambda: done.append(subprocess.run(record, capture_output=True, check=False))
        )
        spy.start()
        run = run_wrk(server, scenario, size, args.seconds + 2, args.connections)
        spy.join()
    if done and done[0].returncode != 0:
        sys.exit(f"py-spy failed: {done[0].stderr.decode()[-500:]}")
    print(
        f"{run.rps:,.0f} req/s, {run.cpu_us_per_request:,.0f} µs CPU/req under py-spy"
        f" (sampling slows the server: read shares, not absolute figures)"
    )
    print(summarize(raw, args.top))
    print(f"raw stacks: {raw}")


if __name__ == "__main__":
    main()
