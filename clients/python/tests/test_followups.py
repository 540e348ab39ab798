"""Followups against the real server: typed results, updates, lists, the recording upload."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from relance_client import Debt, Followup, Page, PreconditionFailedError, Relance

from conftest import WAV
from loopback_proxy import LoopbackProxy


def test_create_returns_a_typed_followup(client: Relance, debt: Debt) -> None:
    called = datetime(2024, 1, 22, 10, 30, tzinfo=UTC)
    followup = client.followups.create(
        debt_id=debt.id,
        type="call",
        status="deal_found",
        call_date=called,
        summary="Promised to pay on Friday",
        duration_ms=42_000,
        direction="outbound",
    )
    assert isinstance(followup, Followup)
    assert followup.debt_id == debt.id
    assert (followup.type, followup.status) == ("call", "deal_found")
    assert followup.call_date == called
    assert followup.duration_ms == 42_000
    assert followup.is_retry is False
    assert isinstance(followup.processed_at, datetime)
    assert followup.etag
    assert followup.raw["summary"] == "Promised to pay on Friday"


def test_update_changes_only_what_is_given_and_none_clears(client: Relance, debt: Debt) -> None:
    created = client.followups.create(debt_id=debt.id, summary="first", notes="kept")
    updated = client.followups.update(created.id, summary=None, status="no_answer")
    assert updated.summary is None
    assert updated.notes == "kept"
    assert updated.status == "no_answer"
    again = client.followups.get(created.id)
    assert (again.summary, again.notes, again.status) == (None, "kept", "no_answer")
    assert again.etag == updated.etag


def test_if_match_with_a_stale_etag_is_refused(client: Relance, debt: Debt) -> None:
    created = client.followups.create(debt_id=debt.id)
    client.followups.update(created.id, summary="changed by someone else")
    with pytest.raises(PreconditionFailedError) as caught:
        client.followups.update(created.id, summary="mine", if_match=created.etag)
    assert caught.value.code == 412
    assert client.followups.get(created.id).summary == "changed by someone else"


def test_list_in_page_mode(client: Relance, debt: Debt) -> None:
    for status in ("sent", "failed", "sent"):
        client.followups.create(debt_id=debt.id, status=status)
    page = client.followups.list(debt_id=debt.id, status="sent", limit=1)
    assert isinstance(page, Page)
    assert (page.total, page.page, page.pages, page.limit) == (2, 1, 2, 1)
    assert [followup.status for followup in page] == ["sent"]
    assert page.next_cursor is not None


def test_iter_all_walks_every_page_by_cursor(
    proxied: Relance, proxy: LoopbackProxy, debt: Debt
) -> None:
    created = {proxied.followups.create(debt_id=debt.id, type="sms").id for _ in range(25)}
    proxy.seen.clear()
    walked = [followup.id for followup in proxied.followups.iter_all(debt_id=debt.id, limit=10)]
    assert sorted(walked) == sorted(created)  # every row, none twice
    lists = proxy.api_requests()
    assert len(lists) == 3
    assert "cursor" not in lists[0].query
    assert all("cursor" in seen.query and "page" not in seen.query for seen in lists[1:])
    assert all(seen.query["debt_id"] == [debt.id] for seen in lists)


def test_a_recording_uploads_and_reads_back(client: Relance, debt: Debt) -> None:
    followup = client.followups.create(debt_id=debt.id, type="call", status="deal_found")
    assert followup.audio_url is None
    uploaded = client.followups.upload_recording(followup.id, WAV)
    assert uploaded.audio_url is not None
    assert uploaded.media_urls_expire_at is not None
    fetched = client.followups.get(followup.id)
    audio = httpx.get(fetched.audio_url or "")
    assert audio.status_code == 200
    assert audio.content == WAV
    assert audio.headers["content-type"].startswith("audio/wav")
