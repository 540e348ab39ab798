"""Media refusals: uploads that did not arrive whole, files and links that do not serve."""

from __future__ import annotations

from relance.kit.errors import ApiError, Forbidden, NotFound


class MediaNotFound(NotFound):
    message = "Media not found"


class EmptyUpload(ApiError):
    status = 400
    message = "The request body is empty: send the file as the body"


class UploadInterrupted(ApiError):
    status = 400
    message = "The upload was interrupted before the whole file arrived"


class MediaLinkRefused(Forbidden):
    """An expired or altered signed link (SPEC 6: 403)."""


class MediaStoreUnavailable(ApiError):
    """The media store (an S3 bucket) did not answer: nothing the client sent is wrong."""

    status = 503
    message = "The media store is unavailable; try again later"
