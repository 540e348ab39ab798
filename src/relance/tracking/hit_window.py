"""Pixel and click hits counted once per link and client address within a short window.

Mail clients and security scanners fetch one pixel several times in a row (preview pane, then
open; a proxy, then the reader), and anyone holding a link could replay it in a loop to inflate
the counters. A hit from the same address for the same token within ``WINDOW_SECONDS`` of a
counted one is answered exactly the same (the GIF, the redirect) and not counted again.

Kept in process, bounded (``MAX_ENTRIES``, oldest first out): on several nodes a repeat that
lands on another node may count once more, which is the safe side of a counter of interest.
"""

from __future__ import annotations

from cachetools import TTLCache

WINDOW_SECONDS = 30.0
MAX_ENTRIES = 100_000


class HitWindow:
    def __init__(self, seconds: float = WINDOW_SECONDS, max_entries: int = MAX_ENTRIES) -> None:
        self._recent: TTLCache[tuple[str, str], bool] = TTLCache(max_entries, seconds)

    def first_hit(self, token: str, client_address: str | None) -> bool:
        """True (and remembered) unless this token was hit from this address within the window.

        Check and remember run without an await between them, so concurrent hits on the
        event loop cannot both be first.
        """
        key = (token, client_address or "")
        if key in self._recent:
            return False
        self._recent[key] = True
        return True
