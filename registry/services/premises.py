"""Writes for premises: the one "same premises" rule, and the landlord and lease of a premises.

Two addresses are the same premises when they are in the same locality and have the same
normalised key (`registry.addresses.normalize_address(address, locality=...).key`), however
each officer wrote them. The register service and the import (imports/saving.py, and the
import's duplicate check in imports/duplicates.py) all match premises by this one rule,
`premises_matching`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _g

from core.access import ensure_in_scope
from core.permissions import require
from core.phones import normalize_phone_list

from ..addresses import AddressParts, name_key, normalize_address
from ..models import Premises

PERM_CHANGE_PREMISES = "registry.change_premises"


def landlord_key_of(landlord_name: str, landlord_phone: str) -> str:
    """The landlord's identity: their phone when known, else their normalised name."""
    if landlord_phone:
        return landlord_phone
    key = name_key(landlord_name)
    return f"n:{key}"[:160] if key else ""


def premises_matching(*, locality_id: int, keys: Iterable[str]) -> QuerySet[Premises]:
    """THE "same premises" rule: premises of the locality whose normalised address key is one of
    `keys`, oldest first. An address without a key matches nothing (it gets premises of its own)."""
    return Premises.objects.filter(locality_id=locality_id, address_key__in=[k for k in keys if k]).order_by("pk")


def premises_row(*, address: str, parts: AddressParts, locality_id: int, locality_pin: str = "", **landlord) -> dict:
    """The fields of a new premises from an address and its normalised parts (the service and the import)."""
    row = {
        "address_raw": address[:400],
        "plot": parts.plot[:50],
        "floor": parts.floor[:30],
        "building": parts.building[:150],
        "sector": (parts.sector or parts.phase)[:50],
        "locality_id": locality_id,
        "city": parts.city[:50],
        "pin_code": parts.pin or locality_pin,
        "address_key": parts.key[:400],
    }
    row.update(landlord)
    return row


@dataclass(frozen=True)
class PremisesInput:
    """An address as an officer wrote it, with its locality and what is known of the landlord."""

    address: str
    locality: object  # stations.Locality
    landlord_name: str = ""
    landlord_phone: str = ""
    lease_start: date | None = None
    lease_end: date | None = None
    rooms: int | None = None


def premises_get_or_create(*, data: PremisesInput) -> tuple[Premises, bool]:
    """The premises at this address (the same premises, see `premises_matching`), or a new one.

    Landlord details fill the blanks of an existing premises and never overwrite them.
    The caller (a service) has checked the actor's permission.
    """
    address = " ".join((data.address or "").split())
    if not address:
        raise ValidationError({"address": _g("Write the address of the premises.")})
    landlord_phone = ""
    if data.landlord_phone:
        landlord_phone = normalize_phone_list([data.landlord_phone], field="landlord_phone")[0]
    parts = normalize_address(address, locality=data.locality.name)
    premises = None
    if parts.key:
        premises = premises_matching(locality_id=data.locality.pk, keys=[parts.key]).select_for_update().first()
    created = premises is None
    if created:
        premises = Premises(**premises_row(
            address=address, parts=parts, locality_id=data.locality.pk, locality_pin=data.locality.pin_code,
        ))
    changed = created
    for name, value in (
        ("landlord_name", (data.landlord_name or "").strip()[:150]),
        ("landlord_phone", landlord_phone),
        ("lease_start", data.lease_start),
        ("lease_end", data.lease_end),
        ("rooms", data.rooms),
    ):
        if value not in (None, "") and getattr(premises, name) in (None, ""):
            setattr(premises, name, value)
            changed = True
    if changed:
        premises.landlord_key = landlord_key_of(premises.landlord_name, premises.landlord_phone)
        premises.full_clean()
        premises.save()
    return premises, created


@transaction.atomic
def premises_update(
    *,
    actor,
    premises: Premises,
    landlord_name: str = "",
    landlord_phone: str = "",
    lease_start: date | None = None,
    lease_end: date | None = None,
    rooms: int | None = None,
) -> Premises:
    """Record the landlord, the lease and the number of rooms of a premises."""
    require(actor, PERM_CHANGE_PREMISES)
    premises = Premises.objects.select_for_update().get(pk=premises.pk)
    premises.landlord_name = (landlord_name or "").strip()[:150]
    premises.landlord_phone = (
        normalize_phone_list([landlord_phone], field="landlord_phone")[0] if landlord_phone else ""
    )
    premises.landlord_key = landlord_key_of(premises.landlord_name, premises.landlord_phone)
    premises.lease_start = lease_start
    premises.lease_end = lease_end
    premises.rooms = rooms
    premises.full_clean()
    premises.save()
    ensure_in_scope(actor, premises)
    return premises

