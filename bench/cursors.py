"""Deep cursors for the cursor scenario, obtained the way an integrator gets them: by walking.

The cursor format is relance's own business (opaque, SPEC 3), so the benchmark follows
``pagination.next_cursor`` page after page instead of building one.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

from bench.config import Size

PAGE = 50
MAX_DEPTH = 10_000


def cursor_depth(meta: dict[str, Any]) -> int:
    """10,000 rows deep, or as deep as the 5th largest company allows on small data sets."""
    largest = [int(row["total"]) for row in meta["largest_companies"][:5]]
    return max(PAGE, min(MAX_DEPTH, (min(largest) - PAGE) // PAGE * PAGE))


def _get(url: str, token: str) -> dict[str, Any]:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body: dict[str, Any] = json.loads(response.read())
    return body


def _walk(base_url: str, token: str, depth: int) -> str:
    url = f"{base_url}/external-api/v1/followups?limit={PAGE}"
    cursor = None
    for _ in range(depth // PAGE):
        page = _get(url if cursor is None else f"{url}&cursor={cursor}", token)
        next_cursor = page["pagination"].get("next_cursor")
        if not next_cursor:
            raise RuntimeError("the list ended before the cursor depth was reached")
        cursor = urllib.parse.quote(next_cursor, safe="")
    assert cursor is not None
    return cursor


def write_cursors(base_url: str, size: Size, meta: dict[str, Any]) -> int:
    """cursors.txt: "<company> <url-encoded cursor>" for the largest companies; returns depth."""
    depth = cursor_depth(meta)
    tokens = dict(
        line.split() for line in (size.data_dir / "tokens.txt").read_text().splitlines() if line
    )
    lines = []
    for row in meta["largest_companies"][:5]:
        company = str(row["company_id"])
        lines.append(f"{company} {_walk(base_url, tokens[company], depth)}\n")
    (size.data_dir / "cursors.txt").write_text("".join(lines))
    return depth
