"""Writes of the bulletin of repeat offenders: publishing a version (weekly, or on the cyber crime
team's request as a background job), telling the stations of its audience, and receipts.
"""
from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g
from simple_history.utils import bulk_create_with_history

from core.access import user_scope
from core.audit import Source, audit_context, current_audit_attrs
from core.jobs import JobFailed, job_create, job_enqueue, job_run
from core.models import Job, Notification
from core.permissions import require
from core.roles import Role
from stations.models import PoliceStation, Zone

from ..choices import BulletinScope, BulletinTrigger
from ..models import Bulletin, BulletinReceipt
from ..models.bulletins import audience_key_of
from ..rendering.bulletin_pdf import bulletin_pdf
from ..selectors.bulletins import bulletin_offenders

BULLETIN_JOB_KIND = "bulletin"
PERM_GENERATE = "offenders.generate_bulletin"
NOTIFICATION_KIND = "bulletin"


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


def bulletins_weekly_run(*, day: str | None = None) -> dict[str, int]:
    """`bulletins_weekly` as the scheduled task runs it: for the day given ("YYYY-MM-DD") or today, as the system."""
    today = date.fromisoformat(day) if day else timezone.localdate()
    with audit_context(Source.TASK):
        return bulletins_weekly(today=today)


def bulletin_request(*, actor, scope: str, zone: Zone | None = None) -> Job:
    """The cyber crime team asks for a new version now: a background Job the page follows."""
    require(actor, PERM_GENERATE, _g("Your role cannot generate bulletins."))
    _check_audience(scope, zone)
    with transaction.atomic():
        job = job_create(
            actor=actor, kind=BULLETIN_JOB_KIND, params={"scope": scope, "zone": zone.pk if zone else None},
        )
        job_enqueue(job, "offenders.tasks.bulletin_generate_task")
    return job


def _bulletin_generate(job: Job, progress) -> dict:
    """The work of an on-demand bulletin's job: publish, reporting each part of the PDF laid out."""
    zone_id = job.params.get("zone")
    zone = Zone.objects.filter(pk=zone_id).first() if zone_id else None
    if zone_id and zone is None:
        raise JobFailed(_g("Unknown zone."))

    def laid_out(done: int, total: int) -> None:
        progress(done, total, _g("%(n)s of %(total)s offenders laid out") % {"n": done, "total": total})

    bulletin = bulletin_publish(
        scope=job.params.get("scope"), zone=zone, trigger=BulletinTrigger.ON_DEMAND, actor=job.requested_by,
        job=job, progress=laid_out,
    )
    return {
        "bulletin": bulletin.pk, "version": bulletin.version, "offenders": bulletin.offender_count,
        "next_url": reverse("offenders:bulletin-receipts", args=[bulletin.pk]),
    }


def bulletin_generate_job(*, job_id: int) -> None:
    """The background part of an on-demand bulletin, run once by core.jobs.job_run as the requesting officer."""
    job_run(
        job_id=job_id, work=_bulletin_generate,
        failure=_g("The bulletin could not be made. Try again, or ask the administrator."),
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

