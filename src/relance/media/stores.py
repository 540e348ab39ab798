"""Which media store a node uses: ``RELANCE_MEDIA_STORE`` unset → the local folder in the data
dir; ``s3://bucket/prefix`` → that bucket (every node of one database must share it)."""

from __future__ import annotations

from pathlib import Path

from relance.media.store import MediaStore


def open_store(location: str | None, media_dir: Path) -> MediaStore:
    """ValueError for a location that names no store we know (checked at start-up)."""
    if not location:
        from relance.media.local_store import LocalMediaStore

        return LocalMediaStore(media_dir)
    # Imported only when used: a one-node setup never loads the S3 client.
    from relance.media.s3_store import S3Location, S3MediaStore

    return S3MediaStore(S3Location.parse(location))
