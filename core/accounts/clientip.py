"""The client's address: the one rule for lockout, the audit trail and the access log.

Behind the TLS proxy every request comes from the proxy, so the client is in X-Forwarded-For. That
header is believed only when the request comes from a configured trusted proxy (TRUSTED_PROXIES,
addresses or networks); from anyone else it is ignored, or anyone could pose as any address (and lock
any officer out, or escape the lockout). Walking the header from the right, the first address that is
not itself a trusted proxy is the client: what a client puts on the left is not believed.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return address is not None and any(address in net for net in networks)


def client_ip(request) -> str | None:
    """The address of the client that sent `request` (a string), trusting the proxy's header only
    when the request comes from a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _trusted(_parse(remote or ""), networks):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _parse(hop)
        if address is None:
            return remote  # a malformed header: trust nothing in it
        if not _trusted(address, networks):
            return str(address)
    return remote
