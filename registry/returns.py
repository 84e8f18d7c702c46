"""Station returns: services (writes) and selectors (reads) for the monthly lists of call centres.

A return is prepared as a draft, filled with entries (the station's call centres, operating
or closed since the last return), then submitted and locked. The cyber crime team accepts it
or sends it back with remarks; a sent-back return can be edited and submitted again. A nil
return (no call centre in the jurisdiction) is a valid submission.

The completeness board shows, for a period, which stations have submitted; coverage gaps are
call centres busted or reported by an association that the station's latest return missed.
A daily task reminds stations that have not submitted and escalates to their zone officers.
"""
from __future__ import annotations

import calendar
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, DateField, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from core.access import CHANGE, VIEW, ensure_in_scope
from core.audit import current_audit_attrs
from core.jobs import job_claim, job_create, job_finish, job_progress
from core.models import Job, Notification
from core.notifications import notification_send
from core.phones import split_phones
from core.roles import Role
from stations.models import PoliceStation, User

from .choices import OPERATING_STATUSES, CallCentreStatus, EntryAction, ReturnStatus, Source
from .models import CallCentre, ReturnEntry, StationReturn
from .services import callcentre_register

#: Statuses that count as "the station has submitted its return for the period".
DONE_STATUSES = (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)

PERM_PREPARE = "registry.change_stationreturn"
PERM_REVIEW = "registry.review_stationreturn"

REMINDER_KIND = "return-reminder"
ESCALATION_KIND = "return-escalation"


# --------------------------------------------------------------------------- periods


def period_bounds(day: date) -> tuple[date, date]:
    """The monthly period holding `day`: its first and last day."""
    start = day.replace(day=1)
    return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])


def period_label(start: date) -> str:
    """The period as officers write it in a URL or a file name: "2020-09"."""
    return f"{start:%Y-%m}"


def period_parse(text: str | None, *, default: date | None = None) -> date | None:
    """"2020-09" (or "2020-09-15") to the first day of that month; `default` when missing or malformed."""
    if not text:
        return default
    parts = str(text).strip().split("-")
    try:
        year, month = int(parts[0]), int(parts[1])
        return date(year, month, 1)
    except (ValueError, IndexError):
        return default


def recent_periods(*, today: date | None = None, count: int = 12) -> list[date]:
    """The first days of the current month and the `count - 1` months before it, newest first."""
    start = period_bounds(today or timezone.localdate())[0]
    periods = []
    for _i in range(count):
        periods.append(start)
        start = period_bounds(start - timedelta(days=1))[0]
    return periods


# --------------------------------------------------------------------------- guards


def _require(actor, perm: str) -> None:
    if not actor.has_perm(perm):
        raise PermissionDenied(_("Your role cannot do this."))


def _lock(station_return: StationReturn) -> StationReturn:
    """Re-read the return under a row lock: every write to a return (or its entries) goes through here."""
    return StationReturn.objects.select_for_update().get(pk=station_return.pk)


def _ensure_editable(ret: StationReturn) -> None:
    if ret.is_locked:
        raise ValidationError(
            _("This return has been %(status)s and is locked: it can no longer be changed."),
            params={"status": ret.get_status_display().lower()},
            code="locked",
        )


# --------------------------------------------------------------------------- services: preparing


def return_get_or_create_draft(*, actor, station: PoliceStation, period: date) -> StationReturn:
    """The station's return for the month holding `period`; a new draft when there is none yet."""
    _require(actor, PERM_PREPARE)
    start, end = period_bounds(period)
    if start > timezone.localdate():
        raise ValidationError({"period": _("A return cannot be prepared for a month that has not begun.")})
    with transaction.atomic():
        # Lock the station row so two clicks on "Prepare" cannot both create the month's return.
        PoliceStation.objects.select_for_update().filter(pk=station.pk).first()
        existing = StationReturn.objects.filter(station=station, period_start=start).first()
        if existing is not None:
            ensure_in_scope(actor, existing, VIEW)
            return existing
        ret = StationReturn(station=station, period_start=start, period_end=end, status=ReturnStatus.DRAFT)
        ret.full_clean()
        ret.save()
        ensure_in_scope(actor, ret)
    return ret


def _check_call_centre_for(ret: StationReturn, call_centre: CallCentre) -> None:
    if call_centre.station_id != ret.station_id:
        raise ValidationError({"call_centre": _("This call centre is in another station's jurisdiction.")})
    if call_centre.status == CallCentreStatus.MERGED or call_centre.merged_into_id:
        raise ValidationError(
            {"call_centre": _("This record was merged into another one; add the record it was merged into.")}
        )


def return_add_entry(
    *, actor, station_return: StationReturn, call_centre: CallCentre, action: str = EntryAction.LISTED, remarks: str = ""
) -> ReturnEntry:
    """List a call centre of the station on a draft (or sent-back) return."""
    _require(actor, PERM_PREPARE)
    with transaction.atomic():
        ret = _lock(station_return)
        _ensure_editable(ret)
        _check_call_centre_for(ret, call_centre)
        if ret.entries.filter(call_centre=call_centre).exists():
            raise ValidationError({"call_centre": _("%(name)s is already on this return.") % {"name": call_centre.name}})
        entry = ReturnEntry(station_return=ret, call_centre=call_centre, action=action, remarks=(remarks or "").strip())
        entry.full_clean()
        entry.save()
        ensure_in_scope(actor, entry)
    return entry


def return_register_and_add(
    *, actor, station_return: StationReturn, name: str, locality, address: str, phones: str = "",
    company_name: str = "", started_on: date | None = None, action: str = EntryAction.LISTED, remarks: str = "",
) -> ReturnEntry:
    """Register a call centre the registry does not know yet and list it on the return, in one go."""
    _require(actor, PERM_PREPARE)
    with transaction.atomic():
        ret = _lock(station_return)
        _ensure_editable(ret)
        call_centre = callcentre_register(
            actor=actor, name=name, locality=locality, address=address, station=ret.station,
            company_name=company_name, phones=tuple(split_phones(phones)), started_on=started_on,
            source=Source.STATION_SURVEY,
        )
        return return_add_entry(actor=actor, station_return=ret, call_centre=call_centre, action=action, remarks=remarks)


def return_update_entry(*, actor, entry: ReturnEntry, action: str, remarks: str = "") -> ReturnEntry:
    """Change an entry: operating or closed since the last return, and the station's remarks."""
    _require(actor, PERM_PREPARE)
    with transaction.atomic():
        ret = _lock(entry.station_return)
        _ensure_editable(ret)
        entry = ReturnEntry.objects.select_for_update().get(pk=entry.pk, station_return=ret)
        entry.action = action
        entry.remarks = (remarks or "").strip()
        entry.full_clean()
        entry.save()
        ensure_in_scope(actor, entry)
    return entry


def return_mark_closed(*, actor, entry: ReturnEntry, remarks: str | None = None) -> ReturnEntry:
    """Mark a listed call centre as closed since the last return (it stays on the return)."""
    return return_update_entry(
        actor=actor, entry=entry, action=EntryAction.CLOSED, remarks=entry.remarks if remarks is None else remarks
    )


def return_remove_entry(*, actor, entry: ReturnEntry) -> None:
    """Take a call centre off a draft return (entered by mistake)."""
    _require(actor, PERM_PREPARE)
    with transaction.atomic():
        ret = _lock(entry.station_return)
        _ensure_editable(ret)
        ensure_in_scope(actor, entry)
        ReturnEntry.objects.filter(pk=entry.pk, station_return=ret).delete()


def return_add_operating(*, actor, station_return: StationReturn) -> int:
    """List every operating call centre of the station that the return does not list yet.

    The usual way to start a month's return: the registry already knows the station's
    call centres, the SHO then marks those that closed and adds the new ones.
    """
    _require(actor, PERM_PREPARE)
    with transaction.atomic():
        ret = _lock(station_return)
        _ensure_editable(ret)
        missing = (
            CallCentre.objects.for_user(actor, CHANGE)
            # A return lists its own station's call centres: a rule of the return, not an access filter.
            .filter(station_id=ret.station_id, status__in=OPERATING_STATUSES, merged_into__isnull=True)
            .exclude(return_entries__station_return=ret)
            .values_list("pk", flat=True)
        )
        entries = [ReturnEntry(station_return=ret, call_centre_id=pk, action=EntryAction.LISTED) for pk in missing]
        bulk_create_with_history(entries, ReturnEntry, custom_historical_attrs=current_audit_attrs())
    return len(entries)


# --------------------------------------------------------------------------- services: submitting and review


def return_submit(*, actor, station_return: StationReturn, is_nil: bool = False) -> StationReturn:
    """Submit (or resubmit after a send-back) a return; it is locked from then on.

    A nil return says no call centre operates in the jurisdiction, so it lists none; any
    other return must list at least one call centre.
    """
    _require(actor, PERM_PREPARE)
    with transaction.atomic():
        ret = _lock(station_return)
        if ret.status not in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK):
            raise ValidationError(_("This return has already been submitted."), code="locked")
        count = ret.entries.count()
        if is_nil and count:
            raise ValidationError(
                {
                    "is_nil": _(
                        "A nil return lists no call centre, but this one lists %(count)d. "
                        "Remove them or untick “nil return”."
                    )
                    % {"count": count}
                }
            )
        if not is_nil and not count:
            raise ValidationError(
                {
                    "is_nil": _(
                        "The return lists no call centre. Add the call centres operating in your jurisdiction, "
                        "or tick “nil return” if there are none."
                    )
                }
            )
        ret.status = ReturnStatus.SUBMITTED
        ret.is_nil = is_nil
        ret.submitted_at = timezone.now()
        ret.submitted_by = actor
        ret.full_clean()
        ret.save()
        ensure_in_scope(actor, ret)
    return ret


def _review(*, actor, station_return: StationReturn, status: str, remarks: str) -> StationReturn:
    _require(actor, PERM_REVIEW)
    with transaction.atomic():
        ret = _lock(station_return)
        if ret.status != ReturnStatus.SUBMITTED:
            raise ValidationError(_("Only a submitted return can be accepted or sent back."), code="not_submitted")
        ret.status = status
        ret.reviewed_at = timezone.now()
        ret.reviewed_by = actor
        ret.remarks = remarks
        ret.full_clean()
        ret.save()
        ensure_in_scope(actor, ret)
        transaction.on_commit(lambda: _notify_station_of_review(ret.pk))
    return ret


def return_accept(*, actor, station_return: StationReturn, remarks: str = "") -> StationReturn:
    """The cyber crime team accepts a submitted return."""
    return _review(actor=actor, station_return=station_return, status=ReturnStatus.ACCEPTED, remarks=(remarks or "").strip())


def return_send_back(*, actor, station_return: StationReturn, remarks: str) -> StationReturn:
    """The cyber crime team sends a submitted return back to the station, saying what to fix."""
    remarks = (remarks or "").strip()
    if not remarks:
        raise ValidationError({"remarks": _("Say what the station must correct before sending the return back.")})
    return _review(actor=actor, station_return=station_return, status=ReturnStatus.SENT_BACK, remarks=remarks)


def _notify_station_of_review(return_id: int) -> None:
    ret = StationReturn.objects.select_related("station").get(pk=return_id)
    month = formats.date_format(ret.period_start, "F Y")
    if ret.status == ReturnStatus.SENT_BACK:
        message = _g("Your return for %(month)s was sent back: %(remarks)s") % {"month": month, "remarks": ret.remarks}
    else:
        message = _g("Your return for %(month)s was accepted.") % {"month": month}
    notification_send(
        kind=f"return-{ret.status}", message=message, station=ret.station,
        url=reverse("registry:return-detail", args=[ret.pk]),
    )


# --------------------------------------------------------------------------- services: reminders


def returns_send_reminders(*, today: date) -> dict[str, int]:
    """Remind stations that have not submitted this month's return; escalate to zone officers.

    After day RETURNS_REMINDER_DAY (5) of the month each station without a submitted (or
    accepted) return gets one reminder; after day RETURNS_ESCALATION_DAY (10) each zone
    officer also gets one notice per station of their zone still missing. Idempotent: the
    notification kind names the period (and the station for escalations), the station rows
    are locked in a fixed order, and existing notices are not sent again.
    """
    remind_day = getattr(settings, "RETURNS_REMINDER_DAY", 5)
    escalate_day = getattr(settings, "RETURNS_ESCALATION_DAY", 10)
    start, _end = period_bounds(today)
    label = period_label(start)
    sent = {"reminded": 0, "escalated": 0}
    if today.day <= remind_day:
        return sent
    month = formats.date_format(start, "F Y")
    submitted = StationReturn.objects.filter(station=OuterRef("pk"), period_start=start, status__in=DONE_STATUSES)
    with transaction.atomic():
        # Locking the missing stations in pk order serialises concurrent runs of the task.
        missing = list(
            PoliceStation.objects.select_for_update(of=("self",))
            .filter(~Exists(submitted))
            .select_related("zone")
            .order_by("pk")
        )
        reminder_kind = f"{REMINDER_KIND}:{label}"
        already = set(
            Notification.objects.filter(kind=reminder_kind, station__in=missing).values_list("station_id", flat=True)
        )
        url = reverse("registry:return-list")
        for station in missing:
            if station.pk in already:
                continue
            notification_send(
                kind=reminder_kind, station=station, url=url,
                message=_g("Your station's return for %(month)s has not been submitted. Please submit it.")
                % {"month": month},
            )
            sent["reminded"] += 1
        if today.day > escalate_day and missing:
            sent["escalated"] = _escalate(missing, label=label, month=month)
    return sent


def _escalate(missing: list[PoliceStation], *, label: str, month: str) -> int:
    officers: dict[int, list[User]] = {}
    for officer in User.objects.filter(role=Role.ZONE, is_active=True, zone_id__in={s.zone_id for s in missing}):
        officers.setdefault(officer.zone_id, []).append(officer)
    kinds = {s.pk: f"{ESCALATION_KIND}:{label}:{s.pk}" for s in missing}
    already = set(Notification.objects.filter(kind__in=kinds.values(), user__isnull=False).values_list("kind", "user_id"))
    url = reverse("registry:completeness") + f"?period={label}"
    count = 0
    for station in missing:
        for officer in officers.get(station.zone_id, []):
            if (kinds[station.pk], officer.pk) in already:
                continue
            notification_send(
                kind=kinds[station.pk], user=officer, url=url,
                message=_g("%(station)s has still not submitted its return for %(month)s.")
                % {"station": station.name, "month": month},
            )
            count += 1
    return count


# --------------------------------------------------------------------------- selectors


def return_list(*, user) -> QuerySet[StationReturn]:
    """Returns the user may see, with station, zone, submitter and entry count (one query per page)."""
    return (
        StationReturn.objects.for_user(user)
        .select_related("station", "station__zone", "submitted_by", "reviewed_by")
        .annotate(entry_count=Count("entries"))
        .order_by("-period_start", "station__name")
    )


def return_entries(*, station_return: StationReturn) -> QuerySet[ReturnEntry]:
    """The entries of a return with their call centres, premises and phones (two queries)."""
    return (
        station_return.entries.select_related("call_centre", "call_centre__premises", "call_centre__premises__locality")
        .prefetch_related("call_centre__phones")
        .order_by("call_centre__name", "pk")
    )


def return_entry_choices(*, user, station_return: StationReturn) -> QuerySet[CallCentre]:
    """Call centres that may still be added to the return: the station's own, in the user's scope."""
    return (
        CallCentre.objects.for_user(user)
        # A return lists its own station's call centres: a rule of the return, not an access filter.
        .filter(station_id=station_return.station_id, merged_into__isnull=True)
        .exclude(status=CallCentreStatus.MERGED)
        .exclude(return_entries__station_return=station_return)
        .order_by("name")
    )


@dataclass
class TimelineStep:
    when: object
    status: str
    label: str
    who: object
    remarks: str = ""


def return_timeline(*, station_return: StationReturn) -> list[TimelineStep]:
    """The return's status changes from its audit history (one query): submitted, sent back, accepted…"""
    steps: list[TimelineStep] = []
    previous = None
    labels = dict(ReturnStatus.choices)
    for row in station_return.history.select_related("history_user").order_by("history_date", "history_id"):
        if row.status != previous:
            remarks = row.remarks if row.status in (ReturnStatus.SENT_BACK, ReturnStatus.ACCEPTED) else ""
            steps.append(TimelineStep(row.history_date, row.status, labels.get(row.status, row.status), row.history_user, remarks))
        previous = row.status
    return steps


# --------------------------------------------------------------------------- selectors: coverage gaps


def coverage_gaps(*, user) -> QuerySet[CallCentre]:
    """Call centres busted or reported by an association that their station's latest return missed.

    "Latest return" is the station's most recent submitted or accepted return. A call centre
    is a gap when it already existed before that return's period ended (its start date, or
    the day the registry learnt of it when the start date is unknown) and the return does not
    list it. One query, whatever the number of stations.
    """
    latest = StationReturn.objects.filter(station=OuterRef("station"), status__in=DONE_STATUSES).order_by(
        "-period_start"
    )
    listed = ReturnEntry.objects.filter(station_return_id=OuterRef("latest_return_id"), call_centre=OuterRef("pk"))
    return (
        CallCentre.objects.for_user(user)
        .filter(merged_into__isnull=True)
        .filter(Q(status=CallCentreStatus.BUSTED) | Q(source=Source.ASSOCIATION_NOTICE))
        .annotate(
            latest_return_id=Subquery(latest.values("pk")[:1]),
            latest_period_start=Subquery(latest.values("period_start")[:1]),
            latest_period_end=Subquery(latest.values("period_end")[:1]),
            known_since=Coalesce("started_on", TruncDate("created_at"), output_field=DateField()),
        )
        .filter(latest_return_id__isnull=False, known_since__lte=F("latest_period_end"))
        .filter(~Exists(listed))
        .select_related("station", "station__zone")
        .order_by("station__name", "name")
    )


# --------------------------------------------------------------------------- selectors: completeness board


@dataclass
class BoardRow:
    station: PoliceStation
    station_return: StationReturn | None
    gaps: list[CallCentre] = field(default_factory=list)

    @property
    def submitted(self) -> bool:
        return self.station_return is not None and self.station_return.status in DONE_STATUSES


@dataclass
class BoardZone:
    zone: object
    rows: list[BoardRow] = field(default_factory=list)

    @property
    def submitted_count(self) -> int:
        return sum(1 for r in self.rows if r.submitted)


@dataclass
class Board:
    period_start: date
    zones: list[BoardZone]
    gap_count: int

    @property
    def station_count(self) -> int:
        return sum(len(z.rows) for z in self.zones)

    @property
    def submitted_count(self) -> int:
        return sum(z.submitted_count for z in self.zones)


def completeness_board(*, user, period: date) -> Board:
    """For a period: each station in the user's scope, grouped by zone, with its return and its coverage gaps.

    Three queries whatever the number of stations: stations with zones, the period's returns
    with their submitters, and the coverage gaps.
    """
    start, _end = period_bounds(period)
    stations = list(PoliceStation.objects.for_user(user).select_related("zone").order_by("zone__name", "name"))
    returns = {
        r.station_id: r
        for r in StationReturn.objects.for_user(user)
        .filter(period_start=start)
        .select_related("submitted_by", "reviewed_by")
        .annotate(entry_count=Count("entries"))
    }
    gaps: dict[int, list[CallCentre]] = {}
    gap_count = 0
    for cc in coverage_gaps(user=user):
        gaps.setdefault(cc.station_id, []).append(cc)
        gap_count += 1
    zones: OrderedDict[int, BoardZone] = OrderedDict()
    for station in stations:
        zone = zones.setdefault(station.zone_id, BoardZone(zone=station.zone))
        zone.rows.append(BoardRow(station=station, station_return=returns.get(station.pk), gaps=gaps.get(station.pk, [])))
    return Board(period_start=start, zones=list(zones.values()), gap_count=gap_count)


# --------------------------------------------------------------------------- PDF

PDF_JOB_KIND = "return-pdf"


def pdf_sync_max_entries() -> int:
    """Returns with more entries than this print in the background (WeasyPrint lays out
    roughly 20-50 table rows a second, so Udyog Vihar's return would hold a web worker for
    half a minute)."""
    return getattr(settings, "RETURN_PDF_SYNC_MAX_ENTRIES", 150)


def return_pdf_render(*, station_return: StationReturn) -> bytes:
    """The return as a printable A4 PDF (Noto Sans, with Noto Sans Devanagari for Hindi)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    ret = StationReturn.objects.select_related("station", "station__zone", "submitted_by", "reviewed_by").get(
        pk=station_return.pk
    )
    html = render_to_string(
        "registry/return_pdf.html",
        {
            "ret": ret, "entries": return_entries(station_return=ret), "printed_at": timezone.now(),
            "LANGUAGE_CODE": get_language(),
        },
    )
    return HTML(string=html).write_pdf()


def return_pdf_filename(station_return: StationReturn) -> str:
    return f"return-{station_return.station.code}-{period_label(station_return.period_start)}.pdf"


def return_pdf_request(*, actor, station_return: StationReturn, language: str) -> Job:
    """Print a long return in the background: a Job the page polls, then a download link."""
    from .tasks import return_pdf_task

    with transaction.atomic():
        job = job_create(
            actor=actor, kind=PDF_JOB_KIND, station=station_return.station,
            params={"return_id": station_return.pk, "language": language}, total=1,
        )
        transaction.on_commit(lambda: return_pdf_task.delay(job.pk))
    return job


def return_pdf_run(*, job_id: int) -> None:
    """Worker side of `return_pdf_request`: render, store under MEDIA_ROOT/returns/, finish the job."""
    import secrets
    from pathlib import Path

    from django.utils import translation

    if not job_claim(job_id=job_id):
        return
    job = Job.objects.get(pk=job_id)
    try:
        ret = StationReturn.objects.select_related("station").get(pk=job.params["return_id"])
        with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
            pdf = return_pdf_render(station_return=ret)
        name = f"returns/{secrets.token_hex(16)}.pdf"
        path = Path(settings.MEDIA_ROOT) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pdf)
        job_progress(job_id=job_id, progress=1, total=1, message=_g("PDF ready"))
        job_finish(
            job_id=job_id,
            result={
                "file": name, "filename": return_pdf_filename(ret),
                "next_url": reverse("registry:return-pdf-file", args=[job_id]),
            },
        )
    except Exception as exc:  # the page shows the failure instead of polling for ever
        job_finish(job_id=job_id, error=_g("The PDF could not be made: %(error)s") % {"error": exc})
        raise


def return_pdf_file_path(job: Job):
    """The stored PDF of a finished job, only if it lies inside MEDIA_ROOT/returns and exists."""
    from pathlib import Path

    relative = (job.result or {}).get("file")
    if job.kind != PDF_JOB_KIND or not relative:
        return None
    root = (Path(settings.MEDIA_ROOT) / "returns").resolve()
    path = (Path(settings.MEDIA_ROOT) / relative).resolve()
    if root not in path.parents or not path.is_file():
        return None
    return path
