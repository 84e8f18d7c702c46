"""Builders shared by the complaints tests."""
from __future__ import annotations

import datetime
from decimal import Decimal

from complaints.services.complaints import ComplaintRow, complaints_save
from registry.models import CallCentrePhone
from tests.factories import CallCentreFactory, LocalityFactory


def call_centre_with_phone(station, number: str, name: str = "Alpha Calls"):
    centre = CallCentreFactory(name=name, premises__locality=LocalityFactory(station=station))
    CallCentrePhone.objects.create(call_centre=centre, number=number)
    return centre


def row(reference: str, *identifiers: tuple[str, str], source="ncrp", country="United States", amount="500",
        day=datetime.date(2020, 5, 1)) -> ComplaintRow:
    return ComplaintRow(source=source, reference=reference, reported_on=day, victim_country=country,
                        amount=Decimal(amount), currency="USD", identifiers=list(identifiers))


def save(actor, *rows):
    return complaints_save(actor=actor, rows=list(rows))
