"""Demo complaints: a few thousand over two years, mostly from the United States, the United Kingdom,
Canada and Australia. Most name the phones and mule accounts of call centres before their bust;
a few name operating call centres (the leads); the rest is noise. Saved in bulk by the one service."""
from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from offenders.models import Arrest, Bust
from registry.choices import OPERATING_STATUSES
from registry.models import CallCentrePhone
from stations.models import User

from .choices import ComplaintSource, IdentifierKind
from .models import Complaint
from .services.complaints import ComplaintRow, complaints_save

SEED = 15
TOTAL = 3000
COUNTRIES = [("United States", "USD", 50), ("United Kingdom", "GBP", 20), ("Canada", "CAD", 12),
             ("Australia", "AUD", 10), ("Japan", "JPY", 3), ("New Zealand", "NZD", 2), ("India", "INR", 3)]
SOURCES = [(ComplaintSource.NCRP, 35), (ComplaintSource.HELPLINE, 10), (ComplaintSource.FOREIGN, 30),
           (ComplaintSource.COMPANY, 20), (ComplaintSource.TIP, 5)]
NARRATIVES = [
    "A pop-up said the computer was infected and locked; the victim called the number shown.",
    "Caller posing as technical support took remote access and moved money from the bank account.",
    "Victim paid for a fake software licence renewal by gift cards and a bank transfer.",
    "Fake refund: the victim was told too much was refunded and asked to send the difference.",
]


def _pick(rng: random.Random, weighted):
    return rng.choices([w[:-1] for w in weighted], weights=[w[-1] for w in weighted])[0]


def _row(rng: random.Random, n: int, day: date, identifiers: list[tuple[str, str]]) -> ComplaintRow:
    (country, currency), (source,) = _pick(rng, COUNTRIES), _pick(rng, SOURCES)
    amount = Decimal(rng.randrange(150, 9000)) if currency != "JPY" else Decimal(rng.randrange(20000, 900000))
    return ComplaintRow(source=source, reference=f"DEMO-{source.upper()}-{n:06d}", reported_on=day,
                        victim_country=country, amount=amount, currency=currency,
                        narrative=rng.choice(NARRATIVES), identifiers=identifiers)


def _noise(rng: random.Random) -> list[tuple[str, str]]:
    kind = rng.random()
    if kind < 0.4:
        return [(IdentifierKind.PHONE, f"+1{rng.choice(['800', '833', '844', '855', '866', '877', '888'])}{rng.randrange(10**6, 10**7)}")]
    if kind < 0.7:
        return [(IdentifierKind.UPI, f"{rng.choice(['help', 'pay', 'tech', 'care'])}{rng.randrange(1000, 99999)}@ybl")]
    if kind < 0.9:
        return [(IdentifierKind.BANK, f"{rng.randrange(10**11, 10**12)}/SBIN000{rng.randrange(1000, 9999)}")]
    return [(IdentifierKind.WEBSITE, f"pc-fix-{rng.randrange(100, 999)}.example.com")]


def seed_complaints(stdout=None) -> dict[str, int]:
    """Create the demo complaints (skipped when any exist). Run after busts and call centres are seeded."""
    if Complaint.objects.exists():
        return {}
    actor = User.objects.filter(username="cyber").first() or User.objects.filter(is_superuser=True).first()
    if actor is None:
        return {}
    rng, today = random.Random(SEED), timezone.localdate()
    phones: dict[int, list[str]] = {}
    for cc_id, number in CallCentrePhone.objects.values_list("call_centre_id", "number"):
        phones.setdefault(cc_id, []).append(number)
    busted = [(cc_id, raid) for cc_id, raid in Bust.objects.filter(call_centre__isnull=False)
              .values_list("call_centre_id", "raid_date") if cc_id in phones]
    mules: dict[int, list[tuple[str, str]]] = {}  # bust id -> accounts of the persons arrested in it
    for bust_id, kind, number, ifsc, upi in Arrest.objects.values_list(
        "bust_id", "person__accounts__kind", "person__accounts__identifier", "person__accounts__ifsc",
        "person__accounts__upi_id",
    ):
        if kind == "upi" and upi:
            mules.setdefault(bust_id, []).append((IdentifierKind.UPI, upi.lower()))
        elif kind == "bank" and number and ifsc:
            mules.setdefault(bust_id, []).append((IdentifierKind.BANK, f"{number}/{ifsc.upper()}"))
    bust_of = dict(Bust.objects.filter(call_centre__isnull=False).values_list("call_centre_id", "pk"))
    operating = list(
        CallCentrePhone.objects.filter(call_centre__status__in=OPERATING_STATUSES)
        .exclude(call_centre_id__in=[c for c, _r in busted]).values_list("call_centre_id", flat=True).distinct()[:6]
    )
    rows, start = [], today - timedelta(days=730)
    for n in range(1, TOTAL + 1):
        draw = rng.random()
        if busted and draw < 0.6:
            cc_id, raid = rng.choice(busted)
            first = max(start, raid - timedelta(days=300))
            last = min(today, raid - timedelta(days=1))
            if last <= first:
                continue
            day = first + timedelta(days=rng.randrange((last - first).days))
            identifiers = [(IdentifierKind.PHONE, rng.choice(phones[cc_id]))]
            accounts = mules.get(bust_of.get(cc_id), [])
            if accounts and rng.random() < 0.5:
                identifiers.append(rng.choice(accounts))
        elif operating and draw < 0.65:
            cc_id = rng.choice(operating)
            day = today - timedelta(days=rng.randrange(1, 120))
            identifiers = [(IdentifierKind.PHONE, rng.choice(phones[cc_id]))]
        else:
            day = start + timedelta(days=rng.randrange(730))
            identifiers = _noise(rng)
        rows.append(_row(rng, n, day, identifiers))
    result = complaints_save(actor=actor, rows=rows)
    if stdout is not None:
        stdout.write(f"Complaints: {result.created} complaints, {result.links} links, "
                     f"{len(result.call_centres)} call centres named.")
    return {"complaints": result.created, "links": result.links}
