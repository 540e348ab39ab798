"""Bearer tokens for the load scripts, one per company, signed as relance's /token signs them."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from bench.config import Size, bench_secret
from bench.relance_api import ALL_SCOPES, TokenSigner

TOKEN_TTL = 6 * 3600


def write_tokens(size: Size) -> None:
    """tokens.txt: "<company> <access token>" per line, for every seeded client."""
    signer = TokenSigner(bench_secret().encode(), TOKEN_TTL)
    now = datetime.now(UTC)
    lines = []
    for line in (size.data_dir / "clients.txt").read_text().splitlines():
        company, client_id, _secret = line.split()
        # A family of its own per token, as a client_credentials grant gets.
        family = secrets.token_hex(16)
        token = signer.issue(int(company), client_id, list(ALL_SCOPES), family, now)
        lines.append(f"{company} {token}\n")
    (size.data_dir / "tokens.txt").write_text("".join(lines))
