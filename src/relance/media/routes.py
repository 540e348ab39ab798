"""HTTP routes of media: signed links (public) and uploads of recordings and documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Request
from starlette.requests import ClientDisconnect
from starlette.responses import Response

from relance.auth.scopes import FOLLOWUPS_WRITE
from relance.followups.serializer import present
from relance.http.endpoint import Call, PublicCall, public, writes
from relance.http.request_headers import header_value
from relance.http.responses import ok
from relance.http.route import api_router
from relance.kit.timestamps import utcnow
from relance.media import openapi
from relance.media.cleanup import remove_media
from relance.media.errors import MediaLinkRefused, MediaNotFound, UploadInterrupted
from relance.media.receive import check_declared_length, receive_upload
from relance.media.service import ExternalRecording, MediaService, new_key
from relance.media.signing import MediaClaim, MediaLinkExpired, MediaLinkInvalid
from relance.media.streaming import media_response
from relance.media.upload_rules import (
    AUDIO_TYPES,
    UploadRule,
    document_rule_or_raise,
    recording_rule_or_raise,
)
from relance.state import AppState

_RuleOf = Callable[[str | None], UploadRule]
# The body is the file, streamed by the route into the store: the endpoint does not read it.
Uploader = Annotated[Call, writes(FOLLOWUPS_WRITE, None)]

router = api_router("media")
public_router = api_router("media")


def _claim_or_raise(state: AppState, token: str) -> MediaClaim:
    """Verified before any database work, so a bad link costs no connection."""
    try:
        return state.media_links.verify(token, utcnow())
    except MediaLinkExpired:
        raise MediaLinkRefused("This media link has expired") from None
    except MediaLinkInvalid:
        raise MediaLinkRefused("This media link is not valid") from None


@public_router.get(
    "/media/{token}",
    response_class=Response,
    summary="The file behind a signed media link",
    responses=openapi.LINK_RESPONSES,
)
async def get_media(
    token: str, request: Request, call: Annotated[PublicCall, public()]
) -> Response:
    """The file behind a signed link (ranges supported), or a 302 to an external recording."""
    state = call.state
    claim = _claim_or_raise(state, token)
    target = await MediaService(call.reads, claim.company_id, state.ids).resolve(claim)
    if isinstance(target, ExternalRecording):
        return Response(
            status_code=302, headers={"Location": target.url, "Cache-Control": "private, no-store"}
        )
    reader = await state.media_store.open_reader(target.key)
    if reader is None:
        raise MediaNotFound()
    max_age = int((claim.expires_at - utcnow()).total_seconds())
    wanted = {
        name: value
        for name, raw in (("range", b"range"), ("if-range", b"if-range"))
        if (value := header_value(request, raw))
    }
    send_body = request.method != "HEAD"
    return await media_response(reader, target.key, target.content_type, wanted, max_age, send_body)


# HEAD shares the handler; kept out of the schema so the operation id stays unique.
public_router.add_api_route(
    "/media/{token}", get_media, methods=["HEAD"], response_class=Response, include_in_schema=False
)


@router.put(
    "/followups/{followup_id}/recording",
    summary="Upload a followup's call recording",
    openapi_extra=openapi.upload_body(AUDIO_TYPES),
    responses=openapi.UPLOAD_RESPONSES,
)
async def put_recording(followup_id: str, request: Request, call: Uploader) -> Response:
    """Uploads the call recording (audio/mpeg, audio/wav, audio/ogg, audio/webm) as the body."""
    return await _upload(followup_id, request, call, recording_rule_or_raise)


@router.put(
    "/followups/{followup_id}/document",
    summary="Attach a PDF document to a followup",
    openapi_extra=openapi.upload_body(("application/pdf",)),
    responses=openapi.UPLOAD_RESPONSES,
)
async def put_document(followup_id: str, request: Request, call: Uploader) -> Response:
    """Attaches a PDF document (application/pdf, checked by its %PDF- magic bytes)."""
    return await _upload(followup_id, request, call, document_rule_or_raise)


async def _upload(followup_id: str, request: Request, call: Call, rule_of: _RuleOf) -> Response:
    """No transaction is held while the body streams in (an upload may take minutes): the
    access check reads first, the row changes in a short write transaction at the end.
    The answer is the one of PUT /followups/{id}: the whole followup object and its ETag."""
    state, company_id = call.state, call.company_id
    key = await MediaService(call.reads, company_id, state.ids).followup_key_or_raise(followup_id)
    rule = rule_of(header_value(request, b"content-type"))
    max_bytes = state.settings.media_max_bytes
    check_declared_length(header_value(request, b"content-length"), max_bytes)
    writer = await state.media_store.open_writer(new_key(company_id, key, rule))
    try:
        try:
            await receive_upload(request.stream(), writer, rule, max_bytes)
        except ClientDisconnect:
            raise UploadInterrupted() from None
        now = utcnow()
        async with call.transaction() as tx:
            service = MediaService(tx, company_id, state.ids)
            row, replaced = await service.attach(key, rule, writer.key, now)
            await writer.commit()  # published inside the transaction: a failed commit unpublishes
    except BaseException:
        await writer.abort()
        raise
    if replaced:
        await remove_media(state.media_store, [replaced])
    result = present(row, state.ids, state.media_links, now)
    return ok(result.data, "Followup updated successfully", headers={"ETag": result.etag})
