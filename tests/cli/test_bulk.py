"""``relance import`` and ``relance export`` as the installed console script: the progress bar,
the errors file, one JSON summary, resuming after SIGKILL and Ctrl-C, and one line (never a
traceback) for anything a user can get wrong."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import orjson
import pytest

from relance.bulk.errors_file import errors_path
from relance.config import Settings
from tests.bulk.helpers import FOLLOWUP_HEADER, stored_counts, write_followups
from tests.cli.helpers import RELANCE, Cli, one_json_object
from tests.conftest import TEST_SECRET, Factory, Tenant


@pytest.fixture
def env(settings: Settings, tmp_path: Path) -> dict[str, str]:
    return {
        "RELANCE_DATABASE_URL": str(settings.database_url),
        "RELANCE_SECRET_KEY": TEST_SECRET,
        "RELANCE_DATA_DIR": str(tmp_path / "cli-data"),
    }


def _start_import(env: dict[str, str], cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(RELANCE), "import", *args, "--json"],
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def _wait_for_ledger(factory: Factory, tenant: Tenant, at_least: int) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ledger, _rows, _counted = await stored_counts(factory.state, tenant.company_id)
        if ledger >= at_least:
            return ledger
        time.sleep(0.01)
    raise AssertionError("the import committed no batch within 60 s")


async def test_import_shows_progress_lists_refusals_and_prints_one_summary(
    cli: Cli, factory: Factory, tenant: Tenant, tmp_path: Path
) -> None:
    debts = [await factory.make_debt(tenant) for _ in range(2)]
    path = write_followups(tmp_path / "followups.csv", debts, 40)
    with path.open("a") as file:
        file.write(f"{debts[0]},call,sent,,,,,not a date\n")
    result = cli("import", "followups", str(path), "--company", tenant.public_company_id)
    assert result.returncode == 0, result.stderr
    summary = one_json_object(result)
    assert {k: summary[k] for k in ("created", "skipped", "rejected", "rows")} == {
        "created": 40,
        "skipped": 0,
        "rejected": 1,
        "rows": 41,
    }
    assert summary["errors_file"] == str(errors_path(path))
    assert "rows/s" in result.stderr
    assert "ETA" in result.stderr
    assert "42/42" in result.stderr
    errors = errors_path(path).read_text().splitlines()
    assert errors[0] == "line,error,details,row"
    assert errors[1].startswith('42,Validation failed,"{""call_date"":""Invalid date format')


async def test_a_killed_import_resumes_and_completes_exactly(
    env: dict[str, str], factory: Factory, tenant: Tenant, tmp_path: Path
) -> None:
    debts = [await factory.make_debt(tenant) for _ in range(5)]
    total = 6000
    path = write_followups(tmp_path / "big.csv", debts, total)
    args = ("followups", str(path), "--company", tenant.public_company_id, "--batch", "20")
    process = _start_import(env, tmp_path, *args)
    try:
        await _wait_for_ledger(factory, tenant, 200)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    ledger, rows, counted = await stored_counts(factory.state, tenant.company_id)
    # Killed mid-import: whole batches only, each with its ledger lines and counters.
    assert 200 <= ledger < total
    assert ledger % 20 == 0
    assert ledger == rows == counted

    resumed = _start_import(env, tmp_path, *args)
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err
    summary = orjson.loads(out)
    assert (summary["created"], summary["skipped"], summary["rejected"]) == (
        total - ledger,
        ledger,
        0,
    )
    assert await stored_counts(factory.state, tenant.company_id) == (total, total, total)


async def test_ctrl_c_stops_after_a_whole_batch_and_says_how_to_resume(
    env: dict[str, str], factory: Factory, tenant: Tenant, tmp_path: Path
) -> None:
    debts = [await factory.make_debt(tenant) for _ in range(3)]
    path = write_followups(tmp_path / "big.csv", debts, 6000)
    process = _start_import(
        env,
        tmp_path,
        "followups",
        str(path),
        "--company",
        tenant.public_company_id,
        "--batch",
        "20",
    )
    await _wait_for_ledger(factory, tenant, 100)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert "run the same command again" in err
    summary = orjson.loads(out)
    assert summary["interrupted"] is True
    ledger, rows, counted = await stored_counts(factory.state, tenant.company_id)
    assert summary["created"] == ledger == rows == counted


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (FOLLOWUP_HEADER.replace("summary", "sumary"), (), 'line 1: unknown columns: "sumary"'),
        (FOLLOWUP_HEADER, ("--batch", "0"), "--batch must be 1 to 5000"),
        (None, (), "no such file"),
        (FOLLOWUP_HEADER, ("--company", "not-an-id"), "not a company id"),
    ],
    ids=["unknown-column", "batch", "missing-file", "bad-company"],
)
async def test_unusable_input_is_one_line_and_a_non_zero_exit(
    cli: Cli,
    tenant: Tenant,
    tmp_path: Path,
    content: str | None,
    extra: tuple[str, ...],
    message: str,
) -> None:
    path = tmp_path / "followups.csv"
    if content is not None:
        path.write_text(content)
    company = () if "--company" in extra else ("--company", tenant.public_company_id)
    result = cli("import", "followups", str(path), *company, *extra, as_json=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


async def test_a_file_of_unknown_format_and_an_unreachable_database_are_one_line(
    cli: Cli, env: dict[str, str], tenant: Tenant, tmp_path: Path
) -> None:
    odd = tmp_path / "rows.txt"
    odd.write_text("debt_id\n")
    result = cli("import", "debts", str(odd), "--company", tenant.public_company_id)
    assert result.returncode == 1
    assert "use --format csv|jsonl" in one_json_object(result)["error"]

    unreachable = env | {"RELANCE_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}
    done = subprocess.run(
        [str(RELANCE), "export", "debts", "--company", tenant.public_company_id],
        env=unreachable,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


async def test_export_writes_a_file_or_streams_to_stdout(
    cli: Cli, factory: Factory, tenant: Tenant, tmp_path: Path
) -> None:
    debt = await factory.make_debt(tenant)
    await factory.make_followup(tenant, debt, summary="Exported")
    output = tmp_path / "out.jsonl"
    args = ("export", "followups", "--company", tenant.public_company_id, "--format", "jsonl")
    result = cli(*args, "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert one_json_object(result) == {"output": str(output), "exported": 1} | {
        "seconds": one_json_object(result)["seconds"]
    }
    (line,) = output.read_bytes().splitlines()
    assert orjson.loads(line)["summary"] == "Exported"
    assert not output.with_name("out.jsonl.partial").exists()

    streamed = cli(*args, as_json=False)
    assert streamed.returncode == 0, streamed.stderr
    assert streamed.stdout.encode().splitlines() == [line]
    refused = cli(*args)  # --json without --output: stdout is the rows' place
    assert refused.returncode == 1
    assert "--json needs --output" in one_json_object(refused)["error"]
