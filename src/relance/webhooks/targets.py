"""Where webhooks may be sent (SPEC 8): ``https://`` only, to public addresses only, checked at
registration and again after DNS resolution at every delivery, whose connection then goes to
the address that was checked (a name cannot resolve to a public address for the check and to
127.0.0.1 for the connection). ``RELANCE_WEBHOOKS_ALLOW_PRIVATE`` lifts both rules.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Awaitable[list[str]]]

HTTPS_ONLY = "Must be an https:// URL"
NOT_A_URL = "Must be an absolute URL with a host"
NOT_PUBLIC = "Must resolve to a public address"
UNRESOLVED = "Host name does not resolve"
TOO_LONG = "Must be at most 2048 characters"

# Cloud metadata services: link-local in IPv4 (already refused as such), and AWS's IPv6 one.
_METADATA = (ipaddress.ip_network("169.254.0.0/16"), ipaddress.ip_network("fd00:ec2::254/128"))


class TargetRefused(ValueError):
    """The URL may not be a webhook target; the message is the client-facing reason."""


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent


def parse_target(url: object, allow_private: bool) -> Target:
    if not isinstance(url, str) or not url.strip():
        raise TargetRefused(NOT_A_URL)
    if len(url) > 2048:
        raise TargetRefused(TOO_LONG)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetRefused(NOT_A_URL) from None
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme.lower() not in schemes:
        raise TargetRefused(HTTPS_ONLY if parts.scheme.lower() != "https" else NOT_A_URL)
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise TargetRefused(NOT_A_URL)
    scheme = parts.scheme.lower()
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(scheme, parts.hostname, port or (443 if scheme == "https" else 80), path)


def is_public(address: Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    if any(address in network for network in _METADATA if network.version == address.version):
        return False
    refused = (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_unspecified
        or address.is_reserved
    )
    return address.is_global and not refused


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


async def checked_addresses(
    target: Target, allow_private: bool, resolve: Resolver = system_resolver
) -> list[str]:
    """The addresses ``target`` resolves to, every one of them public (unless allowed):
    a name with one private address among public ones is refused (DNS rebinding)."""
    try:
        literal: Address | None = ipaddress.ip_address(target.host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [str(literal)]
    else:
        try:
            addresses = await resolve(target.host, target.port)
        except (OSError, UnicodeError):
            raise TargetRefused(UNRESOLVED) from None
        if not addresses:
            raise TargetRefused(UNRESOLVED)
    if not allow_private:
        for address in addresses:
            if not is_public(ipaddress.ip_address(address.split("%")[0])):
                raise TargetRefused(NOT_PUBLIC)
    return addresses
