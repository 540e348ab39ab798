"""The page-number limits shared by every paginated list (SPEC 1: page ≥ 1, 1 ≤ limit ≤ 100).

``MAX_PAGE`` bounds the OFFSET a client can ask for: (page - 1) * limit stays below 2**31 on
both databases (PostgreSQL refused a larger offset with a driver error, a 500) and an offset
scan of 10^8 rows is already far past any useful page. Deeper reading is what cursors are for.
"""

from __future__ import annotations

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_PAGE = 1_000_000
EMPTY_PARAMETER = "Must not be empty"
