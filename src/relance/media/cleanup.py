"""Removing stored files that nothing references any more (a deleted debt's, a replaced one)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from relance.media.store import MediaStore

logger = logging.getLogger("relance.media")


async def remove_media(store: MediaStore, keys: Iterable[str]) -> None:
    """Best effort, after the database change committed: a file left behind by a store failure
    is wasted space, never a leak through the API (no row points at it any more). The key is
    logged (ids only, no personal data) so an operator can remove it."""
    for key in keys:
        try:
            await store.delete(key)
        except Exception:
            logger.warning("could not remove media %s from the store", key, exc_info=True)
