"""SPEC 11: deleting a debt removes the files of its followups from the media store, on the
local folder and on an S3 bucket alike; another debt's files stay."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from relance.config import Settings
from relance.state import AppState
from tests.conftest import Factory, Tenant
from tests.followups.helpers import make_followup_ref
from tests.media.helpers import MP3, PDF, S3Server, stored_files

API = "/external-api/v1"


@pytest.fixture(params=["local", "s3"])
def store_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def settings(settings: Settings, store_kind: str, request: pytest.FixtureRequest) -> Settings:
    if store_kind == "local":
        return settings
    bucket = request.getfixturevalue("s3_bucket")
    return settings.model_copy(update={"media_store": f"s3://{bucket}"})


def _stored(state: AppState, request: pytest.FixtureRequest) -> list[str]:
    if state.settings.media_store is None:
        root = state.settings.media_dir
        return [p.relative_to(root).as_posix() for p in stored_files(state) if _kept(p, root)]
    server: S3Server = request.getfixturevalue("s3_server")
    return server.keys(request.getfixturevalue("s3_bucket"))


def _kept(path: Path, root: Path) -> bool:
    return ".incoming" not in path.relative_to(root).parts


async def _upload(
    client: httpx.AsyncClient, tenant: Tenant, followup_id: str, what: str, content: bytes
) -> None:
    content_type = "audio/mpeg" if what == "recording" else "application/pdf"
    headers = {**tenant.headers, "Content-Type": content_type}
    url = f"{API}/followups/{followup_id}/{what}"
    answer = await client.put(url, content=content, headers=headers)
    assert answer.status_code == 200, answer.text


async def test_deleting_a_debt_removes_its_media_and_only_its_own(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    request: pytest.FixtureRequest,
) -> None:
    state = factory.state
    first = await make_followup_ref(factory, tenant, type="call")
    second = await make_followup_ref(factory, tenant, first.debt_id, type="call")
    other = await make_followup_ref(factory, tenant, type="call")
    await _upload(client, tenant, first.public_id, "recording", MP3)
    await _upload(client, tenant, first.public_id, "document", PDF)
    await _upload(client, tenant, second.public_id, "recording", MP3)
    await _upload(client, tenant, other.public_id, "document", PDF)
    assert len(_stored(state, request)) == 4

    deleted = await client.delete(f"{API}/debts/{first.debt_id}", headers=tenant.headers)

    assert deleted.status_code == 200, deleted.text
    [left] = _stored(state, request)
    assert f"/{other.key}/pdf-" in "/" + left
    gone = await client.get(f"{API}/followups/{first.public_id}", headers=tenant.headers)
    assert gone.status_code == 404


async def test_a_refused_deletion_removes_nothing(
    client: httpx.AsyncClient,
    factory: Factory,
    tenant: Tenant,
    request: pytest.FixtureRequest,
) -> None:
    ref = await make_followup_ref(factory, tenant, type="call")
    await _upload(client, tenant, ref.public_id, "recording", MP3)
    stranger = await factory.make_tenant(name="Other")
    refused = await client.delete(f"{API}/debts/{ref.debt_id}", headers=stranger.headers)
    assert refused.status_code == 403
    assert len(_stored(factory.state, request)) == 1
