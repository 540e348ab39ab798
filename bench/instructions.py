"""Instructions per request of a bench server under callgrind: a count that does not move with
the machine's load, for telling small changes apart.

    python -m bench.instructions --server relance|baseline --scenario create [--seconds 20]
        [--connections 16] [--size 1m]

The server (PostgreSQL data set, seeded first) runs under ``valgrind --tool=callgrind`` with
collection off; after a warm-up, collection is switched on for one wrk run and the instructions
it counted are divided by the requests wrk completed. Valgrind slows the server about fiftyfold,
so the load is light (tens of requests a second) and each request meets less batching than under
the bench's load: read the count as a relative measure, one change against another, and the
CPU ratios of `make bench` as the verdict. Same code, same load: the count repeats within 1 %.
Needs Debian's valgrind (callgrind_control comes with it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import time
from pathlib import Path

from bench.config import RESULTS_DIR, SIZES
from bench.load import Measurement, run_wrk
from bench.run import scenarios
from bench.runs import session

_DUMPS = "callgrind-{name}.out"


def _collect(pid: int, switch: str) -> None:
    """Collection ``on`` or ``off``, or ``dump`` what was counted."""
    option = ["-d"] if switch == "dump" else ["-i", switch]
    subprocess.run(["callgrind_control", *option, str(pid)], check=True, capture_output=True)


def _counted(dumps: list[Path]) -> int:
    """The instructions of every part callgrind dumped (``totals:`` lines; its ``summary:``
    line stays 0 in a part dumped on request)."""
    total = 0
    for dump in dumps:
        for line in dump.read_text(errors="replace").splitlines():
            if line.startswith("totals:"):
                total += int(line.split()[1])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", choices=("relance", "baseline"), default="relance")
    parser.add_argument("--scenario", default="create")
    parser.add_argument("--size", default="1m")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    size = SIZES[args.size]
    meta = json.loads((size.data_dir / "meta.json").read_text())
    scenario = next(item for item in scenarios(meta) if item.name == args.scenario)
    pattern = _DUMPS.format(name=args.server)
    for old in RESULTS_DIR.glob(pattern + "*"):
        old.unlink()
    wrapper = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={RESULTS_DIR / pattern}",
    ]
    with session(args.server, size, wrapper=wrapper) as server:
        run_wrk(server, scenario, size, 8, args.connections)  # warm-up, not counted
        _collect(server.process.pid, "on")
        run: Measurement = run_wrk(server, scenario, size, args.seconds, args.connections)
        _collect(server.process.pid, "off")
        _collect(server.process.pid, "dump")
        time.sleep(1)  # callgrind writes the dump from the server's next instrumented step
    instructions = _counted(sorted(RESULTS_DIR.glob(pattern + "*")))
    per_request = instructions / max(run.requests, 1)
    print(
        f"{args.server} {args.scenario}: {run.requests:,} requests ({run.non2xx} non-2xx,"
        f" {run.errors} errors), {instructions / 1e6:,.0f} M instructions,"
        f" {per_request / 1e3:,.1f} k instructions per request"
    )


if __name__ == "__main__":
    main()
