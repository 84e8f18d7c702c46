"""Writes for station returns: prepare, fill, submit, review, remind, print.

A return is prepared as a draft, filled with entries (the station's call centres, operating
or closed since the last return), then submitted and locked. The cyber crime team accepts it
or sends it back with remarks; a sent-back return can be edited and submitted again. A nil
return (no call centre in the jurisdiction) is a valid submission. A daily task reminds
stations that have not submitted and escalates to their zone officers. Long returns print to
PDF in a background job (core.jobs), the file kept under MEDIA_ROOT/returns/ (core.files).
"""
from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from core.access import CHANGE, VIEW, ensure_in_scope
from core.audit import current_audit_attrs
from core.files import job_file_path, job_files_purge, media_save
from core.jobs import JobFailed, job_create, job_enqueue, job_run
from core.models import Job, Notification
from core.notifications import notification_send
from core.pdf import pdf_render
from core.permissions import require
from core.phones import split_phones
from core.roles import Role
from stations.models import PoliceStation, User

from ..choices import OPERATING_STATUSES, CallCentreSource, CallCentreStatus, EntryAction, ReturnStatus
from ..models import CallCentre, ReturnEntry, StationReturn
from ..selectors.returns import DONE_STATUSES, period_bounds, period_label, return_entries
from .callcentres import callcentre_register

PERM_PREPARE = "registry.change_stationreturn"
PERM_REVIEW = "registry.review_stationreturn"
PERM_VIEW = "registry.view_stationreturn"

REMINDER_KIND = "return-reminder"
ESCALATION_KIND = "return-escalation"


# --------------------------------------------------------------------------- guards

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
    require(actor, PERM_PREPARE)
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
    require(actor, PERM_PREPARE)
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
    require(actor, PERM_PREPARE)
    with transaction.atomic():
        ret = _lock(station_return)
        _ensure_editable(ret)
        call_centre = callcentre_register(
            actor=actor, name=name, locality=locality, address=address, station=ret.station,
            company_name=company_name, phones=tuple(split_phones(phones)), started_on=started_on,
            source=CallCentreSource.STATION_SURVEY,
        )
        return return_add_entry(actor=actor, station_return=ret, call_centre=call_centre, action=action, remarks=remarks)


def return_update_entry(*, actor, entry: ReturnEntry, action: str, remarks: str = "") -> ReturnEntry:
    """Change an entry: operating or closed since the last return, and the station's remarks."""
    require(actor, PERM_PREPARE)
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
    require(actor, PERM_PREPARE)
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
    require(actor, PERM_PREPARE)
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
    require(actor, PERM_PREPARE)
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
    require(actor, PERM_REVIEW)
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


# --------------------------------------------------------------------------- PDF

PDF_JOB_KIND = "return-pdf"
PDF_FOLDER = "returns"
#: Printed returns keep their file this many days (settings.RETURN_PDF_KEEP_DAYS), then the daily purge deletes it.
PDF_KEEP_DAYS = 2


def pdf_sync_max_entries() -> int:
    """Returns with more entries than this print in the background (WeasyPrint lays out
    roughly 20-50 table rows a second, so Udyog Vihar's return would hold a web worker for
    half a minute)."""
    return getattr(settings, "RETURN_PDF_SYNC_MAX_ENTRIES", 150)


def return_pdf_render(*, station_return: StationReturn) -> bytes:
    """The return as a printable A4 PDF (Noto Sans, with Noto Sans Devanagari for Hindi).

    Rendered by core.pdf, which fetches nothing but data: URIs (whatever an officer typed)."""
    from django.template.loader import render_to_string

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
    return pdf_render(html)


def return_pdf_filename(station_return: StationReturn) -> str:
    return f"return-{station_return.station.code}-{period_label(station_return.period_start)}.pdf"


def return_pdf_request(*, actor, station_return: StationReturn, language: str) -> Job:
    """Print a long return in the background: a Job the page polls, then a download link."""
    require(actor, PERM_VIEW)
    with transaction.atomic():
        job = job_create(
            actor=actor, kind=PDF_JOB_KIND, station=station_return.station,
            params={"return_id": station_return.pk, "language": language}, total=1,
        )
        job_enqueue(job, "registry.tasks.return_pdf_task")
    return job


def _return_pdf_work(job: Job, progress) -> dict:
    from django.utils import translation

    ret = StationReturn.objects.select_related("station").filter(pk=job.params.get("return_id")).first()
    if ret is None:
        raise JobFailed(_g("This return no longer exists."))
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        pdf = return_pdf_render(station_return=ret)
    name = media_save(folder=PDF_FOLDER, suffix="pdf", content=pdf)
    progress(1, 1, _g("PDF ready"))
    return {"file": name, "filename": return_pdf_filename(ret),
            "next_url": reverse("registry:return-pdf-file", args=[job.pk])}


def return_pdf_job(*, job_id: int) -> Job | None:
    """Worker side of `return_pdf_request` (on the one job runner): render, store, finish the job."""
    return job_run(job_id=job_id, work=_return_pdf_work,
                   failure=_g("The PDF could not be made. Try again, or ask the administrator."))


def return_pdf_file_path(job: Job):
    """The stored PDF of a finished job, only if it lies inside MEDIA_ROOT/returns and exists."""
    return job_file_path(job, kind=PDF_JOB_KIND, folder=PDF_FOLDER)


def return_pdfs_purge(*, now=None) -> int:
    """Delete printed returns older than RETURN_PDF_KEEP_DAYS (run by the daily purge task)."""
    keep_days = getattr(settings, "RETURN_PDF_KEEP_DAYS", PDF_KEEP_DAYS)
    return job_files_purge(kind=PDF_JOB_KIND, folder=PDF_FOLDER, keep_days=keep_days, now=now)
