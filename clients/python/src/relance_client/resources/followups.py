"""``client.followups``: create, update, read and list followups; upload a call recording."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Unpack

from relance_client._core.call import Answer, Call, get, page_of, segment, send_json
from relance_client._core.methods import D, Resource, operation, walk
from relance_client.models.followup import (
    Direction,
    Followup,
    FollowupFields,
    FollowupStatus,
    FollowupType,
    Moment,
)
from relance_client.models.page import Page
from relance_client.resources.recording import recording_body

Sort = str


def _one_followup(answer: Answer) -> Followup:
    followup = Followup.from_wire(answer.body["data"])
    return replace(followup, etag=answer.headers.get("etag"))


def _create(debt_id: str, **fields: Unpack[FollowupFields]) -> Call[Followup]:
    """Log a followup on the debt ``debt_id`` (``POST /followups``).

    ``status`` defaults to ``on_hold`` and ``type`` to ``call`` on the server.
    """
    return send_json("POST", "/followups", _one_followup, {"debt_id": debt_id, **fields})


def _update(
    followup_id: str, *, if_match: str | None = None, **fields: Unpack[FollowupFields]
) -> Call[Followup]:
    """Change the fields given (``PUT /followups/{id}``); ``None`` clears a nullable field.

    ``if_match``: an ETag (``'"..."'``) the followup must still have, else
    :class:`~relance_client.PreconditionFailedError`.
    """
    headers = {} if if_match is None else {"If-Match": if_match}
    path = f"/followups/{segment(followup_id)}"
    return send_json("PUT", path, _one_followup, dict(fields), headers)


def _get(followup_id: str) -> Call[Followup]:
    """One followup (``GET /followups/{id}``), with fresh signed media links."""
    return get(f"/followups/{segment(followup_id)}", _one_followup)


def _list(
    *,
    debt_id: str | None = None,
    status: FollowupStatus | Sequence[FollowupStatus] | None = None,
    type: FollowupType | Sequence[FollowupType] | None = None,
    direction: Direction | None = None,
    date_from: Moment | None = None,
    date_to: Moment | None = None,
    updated_since: Moment | None = None,
    triggered_payment: bool | None = None,
    sort: Sort | None = None,
    limit: int | None = None,
    page: int | None = None,
    cursor: str | None = None,
) -> Call[Page[Followup]]:
    """One page of the company's followups (``GET /followups``).

    Filters combine; ``status`` and ``type`` take one value or several. ``sort`` is one of
    ``-activity_date`` (default), ``activity_date``, ``scheduled_at``, ``-scheduled_at``,
    ``processed_at``, ``-processed_at``, ``updated_at``, ``-updated_at``. Give ``page`` for page
    mode, or a previous page's ``next_cursor`` as ``cursor`` (with the same filters) for
    keyset paging. For an incremental sync: ``sort="updated_at", updated_since=<last sync>``.
    """
    params = {
        "debt_id": debt_id,
        "status": status,
        "type": type,
        "direction": direction,
        "date_from": date_from,
        "date_to": date_to,
        "updated_since": updated_since,
        "triggered_payment": triggered_payment,
        "sort": sort,
        "limit": limit,
        "page": page,
        "cursor": cursor,
    }
    return get("/followups", page_of(Followup.from_wire), params)


def _upload_recording(
    followup_id: str, content: bytes | IO[bytes] | Path, content_type: str | None = None
) -> Call[Followup]:
    """Upload the call's recording (``PUT /followups/{id}/recording``); returns the followup,
    whose ``audio_url`` is then a signed link to it.

    ``content``: the bytes, a binary file, or a path. ``content_type`` (audio/mpeg, audio/wav,
    audio/ogg, audio/webm) is guessed from the first bytes when not given. The file is read
    into memory so that a retry can send it again.
    """
    body, media_type = recording_body(content, content_type)
    path = f"/followups/{segment(followup_id)}/recording"
    return Call("PUT", path, _one_followup, body=body, content_type=media_type)


class Followups(Resource[D]):
    """Followups: the contact attempts logged on debts (SPEC 3, 6)."""

    create = operation(_create)
    update = operation(_update)
    get = operation(_get)
    list = operation(_list)
    iter_all = walk(
        _list,
        """Every followup matching the filters (same arguments as :meth:`list`), fetched page
        after page by cursor as you iterate: ``for f in client.followups.iter_all(...)``, or
        ``async for`` with AsyncRelance. ``limit`` is the page size (default 100); ``cursor``
        resumes a walk where a saved ``next_cursor`` left it.""",
    )
    upload_recording = operation(_upload_recording)
