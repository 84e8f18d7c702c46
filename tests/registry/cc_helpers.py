"""Helpers for the call-centre tests: register through the real service, make many rows fast."""
from __future__ import annotations

import datetime
import itertools

from registry.services.callcentres import callcentre_register

_numbers = itertools.count(9810000100)


def next_phone() -> str:
    return str(next(_numbers))


def register(actor, locality, name, *, address=None, phones=None, **kw):
    """A call centre registered by `actor` through callcentre_register (history, stay, first status)."""
    return callcentre_register(
        actor=actor, name=name, locality=locality, address=address or f"Plot {abs(hash(name)) % 900 + 1}, {name} House",
        phones=[next_phone()] if phones is None else phones, **kw,
    )


def many(actor, locality, n, prefix="Bulk Calls", **kw):
    return [register(actor, locality, f"{prefix} {i}", address=f"Plot {i + 1}, {prefix} Tower", **kw) for i in range(n)]


def days_ago(n: int) -> datetime.date:
    from django.utils import timezone

    return timezone.localdate() - datetime.timedelta(days=n)


def bulk_rows(locality, n: int, prefix: str = "Bulk Row") -> None:
    """n call centres at n premises with two phones and a stay each, inserted in bulk (for query counts)."""
    from registry.models import CallCentre, CallCentrePhone, Occupancy, Premises

    premises = Premises.objects.bulk_create(
        Premises(address_raw=f"Plot {i}, {prefix} Estate", address_key=f"bulk:{prefix}:{i}", locality=locality,
                 landlord_name=f"Owner {i % 7}", landlord_key=f"n:owner {i % 7}")
        for i in range(n)
    )
    centres = CallCentre.objects.bulk_create(
        CallCentre(name=f"{prefix} {i:04d}", name_key=f"{prefix.lower()} {i:04d}", premises=p, station=locality.station,
                   started_on=days_ago(30 + i % 300))
        for i, p in enumerate(premises)
    )
    CallCentrePhone.objects.bulk_create(
        CallCentrePhone(call_centre=c, number=f"9{i:09d}"[:10]) for i, c in enumerate(centres, start=100000000)
    )
    CallCentrePhone.objects.bulk_create(
        CallCentrePhone(call_centre=c, number=f"8{i:09d}"[:10]) for i, c in enumerate(centres, start=100000000)
    )
    Occupancy.objects.bulk_create(Occupancy(premises=c.premises, call_centre=c, moved_in=c.started_on) for c in centres)
