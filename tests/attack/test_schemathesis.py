"""Schemathesis over /openapi.json against a real ``relance serve``, every check on, all phases.

Passes only with 0 server errors, 0 responses that break the schema and 0 undocumented status
codes (every check of ``--checks all``: any failure fails), and no errors (an operation
schemathesis could not exercise). Bounded: examples per operation and the run's time, so the
suite stays inside CI's time on each database. The counts are printed (``pytest -s``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests import backends
from tests.attack.server import make_client, own_database, serving

HERE = Path(__file__).parent
REPO = HERE.parent.parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = 25
MAX_SECONDS = 150
PHASES = "examples,coverage,fuzzing,stateful"


def test_schemathesis_finds_nothing(tmp_path: Path) -> None:
    with own_database(tmp_path) as env, serving(env, tmp_path) as server:
        credentials = make_client(server)
        report_dir = tmp_path / "report"
        command = [
            str(SCHEMATHESIS),
            "--config-file",
            str(HERE / "schemathesis.toml"),
            "run",
            f"{server.base_url}/openapi.json",
            "--checks",
            "all",
            "--phases",
            PHASES,
            "--header",
            f"Authorization: Bearer {credentials.token}",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--max-time",
            str(MAX_SECONDS),
            # One worker: with threads, CPython 3.11's ast module can fail inside schemathesis
            # ("AST constructor recursion depth mismatch", CPython issue 106905).
            "--workers",
            "1",
            "--seed",
            os.environ.get("RELANCE_ATTACK_SEED", "13"),
            "--no-shrink",
            "--report",
            "json",
            "--report-dir",
            str(report_dir),
        ]
        run_env = {
            **os.environ,
            "SCHEMATHESIS_HOOKS": "tests.attack.hooks",
            "PYTHONPATH": str(REPO),
        }
        result = subprocess.run(
            command,
            cwd=tmp_path,  # schemathesis keeps a cache in its working directory
            env=run_env,
            capture_output=True,
            text=True,
            timeout=MAX_SECONDS + 240,
            check=False,
        )
        server_log = server.log.read_text()
    report = json.loads(next(report_dir.glob("*.json")).read_text())
    summary = {
        "backend": backends.backend(),
        "requests_generated": report["test_cases"]["generated"],
        "failures": report["test_cases"]["unique_failures"],
        "errors": sum(error["count"] for error in report["errors"]),
        "error_titles": [error["title"] for error in report["errors"]],
        "phases": {name: phase["status"] for name, phase in report["phases"].items()},
        "operations_tested": report["operations"]["tested"],
    }
    print("schemathesis:", json.dumps(summary))
    output = result.stdout[-12000:] + result.stderr[-4000:]
    assert result.returncode == 0, output
    assert summary["failures"] == 0, output
    assert summary["errors"] == 0, output
    assert summary["operations_tested"] == report["operations"]["total"], output
    # "examples" is skipped: the document carries no examples to replay.
    phases = summary["phases"]
    assert [phases[name] for name in ("coverage", "fuzzing", "stateful")] == ["success"] * 3, (
        summary
    )
    assert report["test_cases"]["generated"] > 1000, summary
    assert "Traceback" not in server_log, server_log[-8000:]
