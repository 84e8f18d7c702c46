"""The bulletin of repeat offenders: who is in it, the PDF, its versions, the inbox and the receipts.

What a bulletin lists: every repeat offender (an individual, i.e. all person records linked as
the same identity, with more than one arrest or prior record), for the city, or for one zone
(those arrested by, recorded by or with a prior record entered by one of the zone's stations).
For each: photograph, names and aliases, father's (or husband's) name, age, last known
addresses, cases with stations and dates, and bail status.

The content is police-wide, like the persons it is made of (offenders.selectors): it is built
by the system (a weekly task, or a background job the cyber crime team starts), not for one
officer, so the readers below start from the whole table; who may OPEN a bulletin is decided
by `Bulletin.objects.for_user` in the views.

The PDF (WeasyPrint) embeds photographs as data: URIs read from private storage and fetches
nothing else: no HTTP, no file:// (the fetcher refuses every other scheme). Text is set in
Noto Sans and Noto Sans Devanagari, so Hindi names, addresses and labels render.
"""
from __future__ import annotations

import base64
import hashlib
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from core.access import user_scope
from core.audit import Source, audit_context, current_audit_attrs
from core.jobs import job_claim, job_create, job_finish, job_progress
from core.models import Job, Notification
from core.roles import Role
from stations.models import PoliceStation, Zone

from .choices import BulletinScope, BulletinTrigger
from .models import Arrest, Bulletin, BulletinReceipt, Person, PersonAddress, PersonPhoto, PriorRecord
from .models.bulletins import audience_key_of

BULLETIN_JOB_KIND = "bulletin"
PERM_GENERATE = "offenders.generate_bulletin"
NOTIFICATION_KIND = "bulletin"
#: Last known addresses shown per offender.
MAX_ADDRESSES = 3

#: Headings and labels of the PDF. Each is printed in English and, once the Hindi catalogue has
#: it, in Hindi beside it: the bulletin goes to every station, whatever language its officers read.
LABELS = {
    "title": _("Bulletin of repeat offenders"),
    "confidential": _("Confidential: for police use only"),
    "audience": _("For"),
    "version": _("Version"),
    "generated": _("Generated"),
    "count": _("Repeat offenders listed"),
    "no_photo": _("No photograph"),
    "name": _("Name"),
    "aliases": _("Also known as"),
    "father": _("Father's or husband's name"),
    "age": _("Age"),
    "addresses": _("Last known addresses"),
    "cases": _("Cases"),
    "bail": _("Bail status"),
    "none": _("No repeat offender is recorded for this audience."),
    "page": _("Page"),
}
#: Offenders laid out per part of the PDF: the job reports progress after each part.
PDF_PART = 10


# --------------------------------------------------------------------------- what the bulletin lists


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


def photo_data_uri(photo: PersonPhoto | None) -> str:
    """The photograph's thumbnail as a data: URI (read from private storage), or "" if unreadable."""
    if photo is None:
        return ""
    try:
        with photo.thumbnail.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


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


# --------------------------------------------------------------------------- the PDF


def _bilingual_labels() -> dict[str, dict[str, str]]:
    """Each label in English and Hindi; "hi" is empty while the Hindi catalogue lacks it."""
    out = {}
    for key, label in LABELS.items():
        with translation.override("en"):
            en = str(label)
        with translation.override("hi"):
            hi = str(label)
        out[key] = {"en": en, "hi": hi if hi != en else ""}
    return out


def audience_label(scope: str, zone: Zone | None) -> str:
    return str(_("Gurugram city")) if scope == BulletinScope.CITY else str(zone)


def css_string(text: str) -> str:
    """A CSS string literal (for page margin boxes): quotes, backslashes and control characters escaped."""
    return '"' + "".join(ch if ch.isprintable() and ch not in '"\\' else f"\\{ord(ch):x} " for ch in text) + '"'


def bulletin_render_html(
    *, entries: list[OffenderEntry], scope: str, zone: Zone | None, version: int, generated_at,
    start: int = 0, total: int | None = None, first_page: int = 1,
) -> str:
    """The HTML of one part of the bulletin: entries numbered from start + 1; the header on the first part only."""
    labels = _bilingual_labels()
    audience = audience_label(scope, zone)
    return render_to_string(
        "offenders/bulletin_pdf.html",
        {
            "entries": entries, "labels": labels, "audience": audience, "version": version,
            "generated_at": timezone.localtime(generated_at), "start": start, "first": start == 0,
            "total": len(entries) if total is None else total, "first_page": first_page,
            "header_css": mark_safe(css_string(f"{audience} · v{version}")),  # noqa: S308 (escaped by css_string)
            "footer_css": mark_safe(css_string(labels["confidential"]["en"])),  # noqa: S308
            "page_css": mark_safe(css_string(labels["page"]["en"] + " ")),  # noqa: S308
        },
    )


def _fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"})


def bulletin_render_pdf(html: str) -> bytes:
    """HTML to PDF. Only data: URIs are fetched: never HTTP, never a file of the server."""
    from weasyprint import HTML

    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf()


def bulletin_pdf(
    *, entries: list[OffenderEntry], scope: str, zone: Zone | None, version: int, generated_at,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The whole PDF, laid out PDF_PART offenders at a time (progress after each part), pages joined at the end."""
    from weasyprint import HTML

    parts = [entries[i:i + PDF_PART] for i in range(0, len(entries), PDF_PART)] or [[]]
    documents = []
    pages = 0
    for n, part in enumerate(parts):
        html = bulletin_render_html(
            entries=part, scope=scope, zone=zone, version=version, generated_at=generated_at, start=n * PDF_PART,
            total=len(entries), first_page=pages + 1,
        )
        document = HTML(string=html, base_url=None, url_fetcher=_fetcher()).render()
        pages += len(document.pages)
        documents.append(document)
        if progress:
            progress(min((n + 1) * PDF_PART, len(entries)), len(entries))
    return documents[0].copy([page for document in documents for page in document.pages]).write_pdf()


# --------------------------------------------------------------------------- publishing a version


def week_of(day: date) -> date:
    """The Monday of the day's week (a week's scheduled bulletins share it)."""
    return day - timedelta(days=day.weekday())


def _check_audience(scope: str, zone: Zone | None) -> None:
    if scope not in BulletinScope.values:
        raise ValidationError({"scope": _g("Choose the city or a zone.")})
    if scope == BulletinScope.ZONE and zone is None:
        raise ValidationError({"zone": _g("Choose the zone.")})
    if scope == BulletinScope.CITY and zone is not None:
        raise ValidationError({"zone": _g("A bulletin for the city has no zone.")})


def _audience_stations(bulletin: Bulletin) -> QuerySet[PoliceStation]:
    """The stations a version is sent to: all of them, or the zone's."""
    stations = PoliceStation.objects.all()
    if bulletin.scope == BulletinScope.ZONE:
        stations = stations.filter(zone_id=bulletin.zone_id)
    return stations.order_by("pk")


def _notify_stations(bulletin: Bulletin) -> int:
    """A message in the inbox of every station of the audience, linking to the PDF (audited bulk insert)."""
    url = reverse("offenders:bulletin-download", args=[bulletin.pk])
    message = _g("New bulletin of repeat offenders: %(audience)s, version %(version)s (%(n)s listed).") % {
        "audience": bulletin.audience_label, "version": bulletin.version, "n": bulletin.offender_count,
    }
    notes = [
        Notification(kind=f"{NOTIFICATION_KIND}:{bulletin.pk}", station_id=pk, message=message[:500], url=url)
        for pk in _audience_stations(bulletin).values_list("pk", flat=True)
    ]
    bulk_create_with_history(notes, Notification, batch_size=500, custom_historical_attrs=current_audit_attrs())
    return len(notes)


def _scheduled_exists(audience_key: str, week: date) -> bool:
    return Bulletin.objects.filter(audience_key=audience_key, week=week, trigger=BulletinTrigger.SCHEDULED).exists()


def bulletin_publish(
    *, scope: str, zone: Zone | None = None, trigger: str, actor=None, job: Job | None = None,
    today: date | None = None, progress: Callable[[int, int], None] | None = None,
) -> Bulletin | None:
    """Make and publish the next version of a bulletin, and tell every station of its audience.

    The PDF is made first, outside any transaction (it takes seconds); the row, its version
    number and the inbox messages are then written in one transaction. A scheduled version
    is made at most once per audience and week: if one exists (or a concurrent run wins the
    unique constraint), nothing is published and None is returned.
    """
    _check_audience(scope, zone)
    if trigger not in BulletinTrigger.values:
        raise ValidationError({"trigger": _g("Unknown trigger.")})
    today = today or timezone.localdate()
    week = week_of(today)
    key = audience_key_of(scope, zone.pk if zone else None)
    if trigger == BulletinTrigger.SCHEDULED and _scheduled_exists(key, week):
        return None
    entries = bulletin_offenders(zone=zone)
    generated_at = timezone.now()
    for _attempt in range(3):  # two requests may race for the same version number
        version = (Bulletin.objects.filter(audience_key=key).order_by("-version").values_list("version", flat=True)
                   .first() or 0) + 1
        pdf = bulletin_pdf(
            entries=entries, scope=scope, zone=zone, version=version, generated_at=generated_at, progress=progress
        )
        bulletin = Bulletin(
            scope=scope, zone=zone, version=version, week=week, trigger=trigger, size=len(pdf),
            sha256=hashlib.sha256(pdf).hexdigest(), offender_count=len(entries), generated_at=generated_at,
            generated_by=actor, job=job,
        )
        bulletin.pdf.save(f"{key}-v{version}-{secrets.token_hex(8)}.pdf", ContentFile(pdf), save=False)
        try:
            with transaction.atomic():
                bulletin.full_clean(validate_constraints=False)
                bulletin.save()
                _notify_stations(bulletin)
        except IntegrityError:
            bulletin.pdf.storage.delete(bulletin.pdf.name)
            if trigger == BulletinTrigger.SCHEDULED and _scheduled_exists(key, week):
                return None
            continue
        except BaseException:
            bulletin.pdf.storage.delete(bulletin.pdf.name)
            raise
        return bulletin
    raise ValidationError(_g("Another bulletin was being published at the same time. Try again."))


def bulletins_weekly(*, today: date | None = None) -> dict[str, int]:
    """The weekly run: a new version for the city and for each zone, unless this week's exists.

    Idempotent: running it twice in a week publishes nothing the second time.
    """
    published = skipped = 0
    audiences: list[tuple[str, Zone | None]] = [(BulletinScope.CITY, None)]
    audiences += [(BulletinScope.ZONE, zone) for zone in Zone.objects.filter(stations__isnull=False).distinct().order_by("pk")]
    for scope, zone in audiences:
        bulletin = bulletin_publish(scope=scope, zone=zone, trigger=BulletinTrigger.SCHEDULED, today=today)
        if bulletin is None:
            skipped += 1
        else:
            published += 1
    return {"published": published, "skipped": skipped}


def bulletin_request(*, actor, scope: str, zone: Zone | None = None) -> Job:
    """The cyber crime team asks for a new version now: a background Job the page follows."""
    from .tasks import bulletin_generate_task

    scope_of = user_scope(actor)
    if scope_of.role is None or scope_of.read_only or not actor.has_perm(PERM_GENERATE):
        raise PermissionDenied(_g("Your role cannot generate bulletins."))
    _check_audience(scope, zone)
    with transaction.atomic():
        job = job_create(
            actor=actor, kind=BULLETIN_JOB_KIND, params={"scope": scope, "zone": zone.pk if zone else None},
        )
        transaction.on_commit(lambda: bulletin_generate_task.delay(job.pk))
    return job


def bulletin_generate_job(*, job_id: int) -> None:
    """The background part of an on-demand bulletin: claim the job, publish, report progress."""
    if not job_claim(job_id=job_id):
        return
    job = Job.objects.select_related("requested_by").get(pk=job_id)
    with audit_context(Source.TASK, actor=job.requested_by):
        try:
            zone_id = job.params.get("zone")
            zone = Zone.objects.get(pk=zone_id) if zone_id else None

            def progress(done: int, total: int) -> None:
                job_progress(job_id=job_id, progress=done, total=total,
                             message=_g("%(n)s of %(total)s offenders laid out") % {"n": done, "total": total})

            bulletin = bulletin_publish(
                scope=job.params.get("scope"), zone=zone, trigger=BulletinTrigger.ON_DEMAND,
                actor=job.requested_by, job=job, progress=progress,
            )
        except (ValidationError, Zone.DoesNotExist) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [_g("Unknown zone.")]
            job_finish(job_id=job_id, error="; ".join(messages))
            return
        except Exception as exc:  # the officer sees a failed job, not a worker traceback
            job_finish(job_id=job_id, error=_g("The bulletin could not be made: %(e)s") % {"e": exc.__class__.__name__})
            raise
        job_finish(
            job_id=job_id,
            result={
                "bulletin": bulletin.pk, "version": bulletin.version, "offenders": bulletin.offender_count,
                "next_url": reverse("offenders:bulletin-receipts", args=[bulletin.pk]),
            },
        )


# --------------------------------------------------------------------------- receipts


def bulletin_receipt_record(*, actor, bulletin: Bulletin) -> BulletinReceipt | None:
    """Record that the actor's station opened this version (first time: a receipt; later: a count).

    Only station officers open bulletins on behalf of a station; zone officers, the cyber
    crime team and the commissioner leave no receipt.
    """
    scope = user_scope(actor)
    if scope.role != Role.STATION or not scope.station_id:
        return None
    now = timezone.now()
    with transaction.atomic():
        receipt, created = BulletinReceipt.objects.select_for_update().get_or_create(
            bulletin=bulletin, station_id=scope.station_id,
            defaults={"first_opened_at": now, "first_opened_by": actor, "last_opened_at": now},
        )
        if not created:
            receipt.last_opened_at = now
            receipt.open_count += 1  # the row is locked (select_for_update)
            receipt.save(update_fields=["last_opened_at", "open_count", "updated_at"])
        # The inbox message about this version has done its job (saved one by one: audited).
        for note in Notification.objects.select_for_update().filter(
            station_id=scope.station_id, kind=f"{NOTIFICATION_KIND}:{bulletin.pk}", read_at__isnull=True
        ):
            note.read_at = now
            note.save(update_fields=["read_at", "updated_at"])
    return receipt


# --------------------------------------------------------------------------- reads for the pages


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


def zones_for_bulletins() -> QuerySet[Zone]:
    """Zones that have stations (a bulletin may be made for each)."""
    return Zone.objects.filter(stations__isnull=False).distinct().order_by("name")

