"""Reads of the bulletin of repeat offenders: who is in it and what it prints of them, the versions
an officer may open, and which stations opened one.

What a bulletin lists: every repeat offender (an individual, i.e. all person records linked as
the same identity, with more than one arrest or prior record), for the city, or for one zone
(those arrested by, recorded by or with a prior record entered by one of the zone's stations).
For each: photograph, names and aliases, father's (or husband's) name, age, last known
addresses, cases with stations and dates, and bail status.

The content is police-wide, like the persons it is made of (offenders.selectors.persons): it is
built by the system (a weekly task, or a background job the cyber crime team starts), not for
one officer, so `bulletin_offenders` starts from the whole table; who may OPEN a bulletin is
decided by `Bulletin.objects.for_user` (`bulletin_list`, and the views).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _g

from stations.models import PoliceStation, Zone

from ..choices import BulletinScope
from ..models import Arrest, Bulletin, BulletinReceipt, Person, PersonAddress, PersonPhoto, PriorRecord
from ..photos import photo_data_uri

#: Last known addresses shown per offender.
MAX_ADDRESSES = 3


@dataclass
class CaseLine:
    """One arrest (here) or prior record (elsewhere) of an offender, as the bulletin prints it."""

    when: date | None
    where: str  # the station, or the other force and its police station
    fir: str
    role: str
    bail: str
    elsewhere: bool


@dataclass
class OffenderEntry:
    """One repeat offender (an identity) as the bulletin prints them."""

    identity_id: int
    person: Person  # the identity's oldest record: its name heads the entry
    names: list[str] = field(default_factory=list)  # other names: other records' names and aliases
    father_name: str = ""
    relation: str = ""
    age: int | None = None
    addresses: list[str] = field(default_factory=list)
    cases: list[CaseLine] = field(default_factory=list)
    bail_status: str = ""
    photo: PersonPhoto | None = None
    photo_uri: str = ""


def _offence_totals(zone: Zone | None) -> tuple[dict[int, int], set[int]]:
    """Arrests + prior records per identity, and the identities concerning the zone (2 or 3 queries)."""
    totals: dict[int, int] = defaultdict(int)
    in_zone: set[int] = set()
    for model in (Arrest, PriorRecord):
        extra = {"here": Count("pk", filter=Q(station__zone_id=zone.pk))} if zone else {}
        rows = model.objects.order_by().values("person__identity_id").annotate(n=Count("pk"), **extra)
        for row in rows:
            totals[row["person__identity_id"]] += row["n"]
            if zone and row["here"]:
                in_zone.add(row["person__identity_id"])
    if zone:
        in_zone |= set(
            Person.objects.filter(station__zone_id=zone.pk).order_by().values_list("identity_id", flat=True).distinct()
        )
    return totals, in_zone


def repeat_identity_ids(*, zone: Zone | None = None) -> list[int]:
    """Identities with more than one arrest or prior record (for a zone: those concerning it)."""
    totals, in_zone = _offence_totals(zone)
    return sorted(pk for pk, n in totals.items() if n > 1 and (zone is None or pk in in_zone))


def _bail_text(arrest: Arrest | None, prior: PriorRecord | None) -> str:
    """The bail status after the latest arrest or prior record."""
    latest_is_prior = prior is not None and (
        arrest is None or (prior.arrested_on and prior.arrested_on > arrest.arrested_on)
    )
    if latest_is_prior:
        if prior.bail_date:
            return _g("On bail since %(date)s (%(force)s)") % {
                "date": prior.bail_date.strftime("%d-%m-%Y"), "force": prior.get_force_display()
            }
        return _g("No bail recorded (%(force)s)") % {"force": prior.get_force_display()}
    if arrest is None:
        return ""
    if arrest.released_on:
        return _g("Released on %(date)s") % {"date": arrest.released_on.strftime("%d-%m-%Y")}
    if arrest.bail_date:
        return _g("On bail since %(date)s, %(court)s") % {
            "date": arrest.bail_date.strftime("%d-%m-%Y"), "court": arrest.bail_court
        }
    return _g("In custody, or no bail recorded")


def _arrest_line(arrest: Arrest) -> CaseLine:
    bail = ""
    if arrest.bail_date:
        bail = _g("bail %(date)s, %(court)s") % {"date": arrest.bail_date.strftime("%d-%m-%Y"), "court": arrest.bail_court}
    return CaseLine(
        when=arrest.arrested_on, where=arrest.station.name, fir=arrest.bust.fir_number,
        role=arrest.get_role_display(), bail=bail, elsewhere=False,
    )


def _prior_line(prior: PriorRecord) -> CaseLine:
    where = prior.get_force_display()
    if prior.police_station:
        where = f"{where}, {prior.police_station}"
    bail = _g("bail %(date)s") % {"date": prior.bail_date.strftime("%d-%m-%Y")} if prior.bail_date else ""
    return CaseLine(
        when=prior.arrested_on, where=where, fir=prior.fir_number, role=prior.get_role_display() if prior.role else "",
        bail=bail, elsewhere=True,
    )


def _addresses(records: list[Person]) -> list[str]:
    """Last known addresses of all the identity's records: marked ones first, then the most recent."""
    rows: list[PersonAddress] = [a for record in records for a in record.addresses.all()]
    rows.sort(key=lambda a: (not a.last_known, -(a.from_date.toordinal() if a.from_date else 0), -a.pk))
    seen, out = set(), []
    for row in rows:
        text = str(row)
        if text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out[:MAX_ADDRESSES]


def _other_names(records: list[Person]) -> list[str]:
    head = records[0]
    seen = {head.name_key}
    out = []
    for record in records:
        candidates = [(record.name, record.name_key)] + [(a.name, a.name_key) for a in record.aliases.all()]
        for name, key in candidates:
            if key not in seen:
                seen.add(key)
                out.append(name)
    return out


def bulletin_offenders(*, zone: Zone | None = None, photos: bool = True) -> list[OffenderEntry]:
    """The repeat offenders of the city (or of a zone) with everything the bulletin prints, by name.

    A constant number of queries whatever the number of offenders: the repeat identities (3),
    their records with aliases, addresses and photographs (4), arrests (1) and prior records (1).
    """
    ids = repeat_identity_ids(zone=zone)
    if not ids:
        return []
    records: dict[int, list[Person]] = defaultdict(list)
    persons = (
        Person.objects.filter(identity_id__in=ids)
        .select_related("station")
        .prefetch_related("aliases", "addresses", "photos")
        .order_by("identity_id", "pk")
    )
    for person in persons:
        records[person.identity_id].append(person)
    arrests: dict[int, list[Arrest]] = defaultdict(list)
    for arrest in (
        Arrest.objects.filter(person__identity_id__in=ids)
        .select_related("bust", "station", "person")
        .order_by("-arrested_on", "-pk")
    ):
        arrests[arrest.person.identity_id].append(arrest)
    priors: dict[int, list[PriorRecord]] = defaultdict(list)
    for prior in (
        PriorRecord.objects.filter(person__identity_id__in=ids)
        .select_related("person")
        .order_by(F("arrested_on").desc(nulls_last=True), "-pk")
    ):
        priors[prior.person.identity_id].append(prior)
    today = timezone.localdate()
    entries = []
    for identity_id in ids:
        group = records.get(identity_id)
        if not group:
            continue
        head = group[0]
        photos_all = sorted(
            (p for record in group for p in record.photos.all()), key=lambda p: (p.uploaded_at, p.pk), reverse=True
        )
        age = next((a for a in (r.age_on(today) for r in group) if a is not None), None)
        father = next((r for r in group if r.father_name), None)
        entry = OffenderEntry(
            identity_id=identity_id, person=head, names=_other_names(group),
            father_name=father.father_name if father else "", relation=(father.relation if father else "") or "",
            age=age, addresses=_addresses(group),
            cases=[_arrest_line(a) for a in arrests[identity_id]] + [_prior_line(p) for p in priors[identity_id]],
            bail_status=_bail_text(next(iter(arrests[identity_id]), None), next(iter(priors[identity_id]), None)),
            photo=photos_all[0] if photos_all else None,
        )
        entries.append(entry)
    entries.sort(key=lambda e: (e.person.name.casefold(), e.identity_id))
    if photos:
        for entry in entries:
            entry.photo_uri = photo_data_uri(entry.photo)
    return entries


def bulletin_list(*, user) -> QuerySet[Bulletin]:
    """Versions the user may read, newest first, with how many stations of the user's scope opened each.

    For a station officer `opened_in_scope` is 1 when their own station opened it.
    (1 query, plus the page count.)
    """
    receipts = (
        BulletinReceipt.objects.for_user(user).filter(bulletin_id=OuterRef("pk")).order_by()
        .values("bulletin_id").annotate(n=Count("pk")).values("n")
    )
    return (
        Bulletin.objects.for_user(user)
        .select_related("zone", "generated_by")
        .annotate(opened_in_scope=Coalesce(Subquery(receipts), 0))
        .order_by("-generated_at", "-pk")
    )


def bulletin_latest(*, user) -> list[Bulletin]:
    """The newest version of each audience (for the list's header), in one query."""
    newer = Bulletin.objects.filter(audience_key=OuterRef("audience_key"), version__gt=OuterRef("version"))
    return list(
        Bulletin.objects.for_user(user).select_related("zone").filter(~Exists(newer)).order_by("audience_key")
    )


@dataclass
class ReceiptRow:
    station: PoliceStation
    receipt: BulletinReceipt | None


def bulletin_receipts(*, user, bulletin: Bulletin) -> list[ReceiptRow]:
    """Every station of the version's audience within the user's scope, with its receipt if it opened it (2 queries)."""
    stations = PoliceStation.objects.for_user(user).select_related("zone").order_by("zone__name", "name")
    if bulletin.scope == BulletinScope.ZONE:
        stations = stations.filter(zone_id=bulletin.zone_id)
    receipts = {
        r.station_id: r
        for r in BulletinReceipt.objects.for_user(user).filter(bulletin=bulletin).select_related("first_opened_by")
    }
    return [ReceiptRow(station=s, receipt=receipts.get(s.pk)) for s in stations]

