"""The README's "Python SDK" example runs as written against a real server."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from conftest import WAV
from relance_server import Credentials, RelanceServer

README = Path(__file__).resolve().parents[3] / "README.md"


def _example() -> str:
    section = README.read_text().split("## Python SDK", 1)[1].split("\n## ", 1)[0]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "the Python SDK section has a python example"
    return match.group(1)


def test_the_readme_example_logs_a_call_with_its_recording(
    server: RelanceServer,
    credentials: Credentials,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = _example()
    assert len(code.strip().splitlines()) < 10
    (tmp_path / "call.wav").write_bytes(WAV)
    monkeypatch.chdir(tmp_path)
    code = code.replace("http://127.0.0.1:8000", server.base_url)
    namespace = {"CLIENT_ID": credentials.client_id, "CLIENT_SECRET": credentials.client_secret}
    exec(compile(code, str(README), "exec"), namespace)
    namespace["client"].close()  # type: ignore[attr-defined]
    audio_url = capsys.readouterr().out.strip()
    assert httpx.get(audio_url).content == WAV
