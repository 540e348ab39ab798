"""relance on PostgreSQL under uvicorn as `relance serve` runs it (its HTTP protocol, uvloop),
minus the migration and the access log output, like the baseline's command line.

    python -m bench.relance_uvicorn APP --port N --workers W
"""

from __future__ import annotations

import argparse

import uvicorn

from relance.cli.startup import SERVER_OPTIONS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("app")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    uvicorn.run(
        args.app,
        host="127.0.0.1",
        port=args.port,
        workers=args.workers,
        log_level="warning",
        **SERVER_OPTIONS,
    )


if __name__ == "__main__":
    main()
