"""One delivery attempt: resolve, check every address (targets.py), connect to the checked one
(the Host header and TLS SNI/certificate name stay the URL's host), POST, no redirects, the
whole exchange within the timeout. A 2xx answer is success; the answer's body is not read."""

from __future__ import annotations

import asyncio
import ipaddress
import time
from dataclasses import dataclass

import httpx

from relance.webhooks.targets import Resolver, TargetRefused, checked_addresses, parse_target


@dataclass(frozen=True, slots=True)
class Attempt:
    status_code: int | None
    error: str | None
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def new_client() -> httpx.AsyncClient:
    # Timeouts are enforced around the whole exchange by ``send``; redirects are never followed.
    return httpx.AsyncClient(follow_redirects=False, timeout=None, trust_env=False)


async def send(
    client: httpx.AsyncClient,
    url: str,
    headers: dict[str, str],
    body: bytes,
    timeout: float,
    allow_private: bool,
    resolve: Resolver,
) -> Attempt:
    started = time.monotonic()

    def done(status_code: int | None, error: str | None) -> Attempt:
        return Attempt(status_code, error, int((time.monotonic() - started) * 1000))

    try:
        async with asyncio.timeout(timeout):
            target = parse_target(url, allow_private)
            address = (await checked_addresses(target, allow_private, resolve))[0]
            host = f"[{address}]" if ipaddress.ip_address(address).version == 6 else address
            default_port = 443 if target.scheme == "https" else 80
            port = "" if target.port == default_port else f":{target.port}"
            request = client.build_request(
                "POST",
                f"{target.scheme}://{host}{port}{target.path}",
                content=body,
                headers={**headers, "host": _host_header(target.host) + port},
                extensions={"sni_hostname": target.host} if target.scheme == "https" else {},
            )
            response = await client.send(request, stream=True)
            await response.aclose()
    except TargetRefused as refused:
        return done(None, f"target refused: {refused}")
    except TimeoutError:
        return done(None, f"timed out after {timeout:g} s")
    except Exception as error:  # any failure of one attempt is that attempt's error, logged
        return done(None, f"{type(error).__name__}: {error}"[:500])
    if 200 <= response.status_code < 300:
        return done(response.status_code, None)
    return done(response.status_code, f"HTTP {response.status_code}")


def _host_header(host: str) -> str:
    return f"[{host}]" if ":" in host else host
