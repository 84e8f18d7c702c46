"""Where a request came from: the client's address, trusting a proxy's header only from a known proxy."""
from __future__ import annotations

import ipaddress

from django.conf import settings


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for entry in getattr(settings, "TRUSTED_PROXIES", ()):
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue
    return False


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address. `X-Forwarded-For` is read only when the request reaches us from one of
    `settings.TRUSTED_PROXIES` (addresses or networks); then the right-most address that is not itself
    a trusted proxy is the client (entries further left can be written by anyone)."""
    remote = _valid(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None or not _is_trusted(remote):
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for part in reversed(forwarded):
        address = _valid(part)
        if address is None:
            return remote  # a malformed chain: do not guess
        if not _is_trusted(address):
            return address
    return remote
