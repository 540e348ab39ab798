"""Isolation cases of media (SPEC 6): uploads on a followup, and the public signed links."""

from __future__ import annotations

from tests.isolation.case import Expect, IsolationCase
from tests.isolation.messages import API, FOLLOWUP_DENIED, FOLLOWUP_NOT_FOUND, OK

WRITE = ("followups:write",)
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + bytes(range(256)) * 4
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
# decisions.md: a link that verifies but names no media of its company is 404; an altered one 403.
NO_MEDIA = Expect(404, "Media not found")
INVALID_LINK = Expect(403, "This media link is not valid")


def _upload(what: str, content: bytes, content_type: str) -> IsolationCase:
    return IsolationCase(
        name=f"media: upload a {what} to another company's followup",
        method="PUT",
        path=f"{API}/followups/{{followup}}/{what}",
        scopes=WRITE,
        content=content,
        headers={"Content-Type": content_type},
        foreign=FOLLOWUP_DENIED,
        unknown=FOLLOWUP_NOT_FOUND,
        owner=OK,
    )


def _link(method: str) -> IsolationCase:
    return IsolationCase(
        name=f"media: {method} through a link signed for one company naming another's followup",
        method=method,
        path="/media/{media_token}",
        auth="none",
        foreign=NO_MEDIA if method == "GET" else Expect(404),
        unknown=INVALID_LINK if method == "GET" else Expect(403),
        # The foreign followup's recording is external: its own link redirects there.
        owner=Expect(302),
    )


CASES: list[IsolationCase] = [
    _upload("recording", MP3, "audio/mpeg"),
    _upload("document", PDF, "application/pdf"),
    _link("GET"),
    _link("HEAD"),
]
