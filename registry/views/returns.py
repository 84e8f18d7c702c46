"""Pages of station returns, their PDF, and the completeness board.

Views parse input and call registry/services/returns.py. Objects are fetched with
`get_scoped_or_404` first (out of scope is 404 whatever the method), then the permission is
checked (`require`, 403).
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import CHANGE, access_logged, get_scoped_or_404, user_scope
from core.db_router import reads_from_replica
from core.forms import apply_service_errors, focus_first_error
from core.models import Job, JobStatus
from core.permissions import may, permission_required, police_required, require
from core.text import query_text

from ..choices import EntryAction, ReturnStatus
from ..filters import MENU_LIMIT, StationReturnFilterSet
from ..forms.returns import (
    ExistingEntryForm,
    NewCallCentreEntryForm,
    ReturnCreateForm,
    ReturnEntryForm,
    ReturnReviewForm,
    ReturnSubmitForm,
)
from ..models import ReturnEntry, StationReturn
from ..selectors import returns as reads
from ..services import returns as svc


@police_required
@require_safe
def return_list_view(request):
    filterset = StationReturnFilterSet(request.GET or None, queryset=reads.return_list(user=request.user), request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    can_prepare = may(request.user, svc.PERM_PREPARE) and user_scope(request.user).station_id is not None
    # The station menu lists at most MENU_LIMIT stations (a state has 2,000): above, a box for the code.
    stations = list(filterset.filters["station"].queryset.values_list("code", "name")[: MENU_LIMIT + 1])
    return render(
        request, "registry/return_list.html",
        {"filter": filterset, "page": page, "can_prepare": can_prepare, "create_form": ReturnCreateForm() if can_prepare else None,
         "station_menu": stations if len(stations) <= MENU_LIMIT else None,
         "station_chosen": (request.GET.get("station") or "").strip()},
    )


@permission_required(svc.PERM_PREPARE)
def return_create_view(request):
    """Prepare (or open) the station's return for a month."""
    station = request.user.station if user_scope(request.user).station_id else None
    if station is None:
        raise PermissionDenied(_("Only station officers prepare returns."))
    form = ReturnCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ret = svc.return_get_or_create_draft(actor=request.user, station=station, period=form.cleaned_data["period"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("registry:return-detail", pk=ret.pk)
    return render(request, "registry/return_create.html", {"form": form})


#: Entries shown per page of a return (a return of 2,000 entries stays usable on a phone).
ENTRIES_PER_PAGE = 50


def _detail_context(request, ret: StationReturn, **forms) -> dict:
    """The return's page: summary and actions at the top, a page of its entries (searchable, by
    action), the timeline. A form sent back with errors gets the cursor in its first wrong field
    and is named in an alert at the top (`error_forms`)."""
    user = request.user
    editable = not ret.is_locked and may(user, svc.PERM_PREPARE) and _can_change(user, ret)
    entries = reads.return_entries(station_return=ret)
    q = query_text(request.GET, "q", 100)
    action = request.GET.get("action") or ""
    shown = reads.return_entries_filter(entries, q=q, action=action)
    context = {
        "ret": ret,
        "summary": reads.return_entry_summary(station_return=ret),
        "entries": Paginator(shown, ENTRIES_PER_PAGE).get_page(request.GET.get("page")),
        "entry_q": q, "entry_action": action, "entry_actions": EntryAction.choices,
        "timeline": reads.return_timeline(station_return=ret),
        "editable": editable,
        "can_submit": editable and ret.status in (ReturnStatus.DRAFT, ReturnStatus.SENT_BACK),
        "can_review": ret.status == ReturnStatus.SUBMITTED and may(user, svc.PERM_REVIEW),
        "pdf_in_background": ret.entries.count() > svc.pdf_sync_max_entries(),
    }
    if editable:
        context["existing_form"] = forms.get("existing_form") or ExistingEntryForm(user=user, station_return=ret)
        context["new_form"] = forms.get("new_form") or NewCallCentreEntryForm(user=user, station_return=ret)
        context["submit_form"] = forms.get("submit_form") or ReturnSubmitForm(initial={"is_nil": ret.is_nil})
    if context["can_review"] or forms.get("review_form"):
        context["review_form"] = forms.get("review_form") or ReturnReviewForm()
    anchors = {"existing_form": "add-existing", "new_form": "add-new", "submit_form": "submit", "review_form": "review"}
    context["error_forms"] = [
        {"anchor": anchors[key], "form": focus_first_error(form)}
        for key, form in forms.items() if form is not None and form.is_bound and form.errors
    ]
    context["add_open"] = any(f["anchor"].startswith("add-") for f in context["error_forms"])
    return context


def _can_change(user, ret: StationReturn) -> bool:
    return StationReturn.objects.for_user(user, CHANGE).filter(pk=ret.pk).exists()


@login_required
@require_safe
def return_detail_view(request, pk: int):
    ret = get_scoped_or_404(StationReturn, request.user, pk=pk)
    return render(request, "registry/return_detail.html", _detail_context(request, ret))


def _editable_return(request, pk: int) -> StationReturn:
    """The return for a write: in scope (404 otherwise), then the role's permission (403)."""
    ret = get_scoped_or_404(StationReturn, request.user, CHANGE, pk=pk)
    require(request.user, svc.PERM_PREPARE)
    return ret


@login_required
def return_entry_add_view(request, pk: int):
    """Add an entry: a call centre already on the station's list, or a new one registered on the spot."""
    ret = _editable_return(request, pk)
    if request.method != "POST":
        return redirect("registry:return-detail", pk=ret.pk)
    mode = request.POST.get("mode")
    form_class = NewCallCentreEntryForm if mode == "new" else ExistingEntryForm
    form = form_class(request.POST, user=request.user, station_return=ret)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if mode == "new":
                entry = svc.return_register_and_add(
                    actor=request.user, station_return=ret, action=data["action"], remarks=data["remarks"],
                    name=data["new_name"], company_name=data["new_company_name"], address=data["new_address"],
                    locality=data["new_locality"], phones=data["new_phones"], started_on=data["new_started_on"],
                )
            else:
                entry = svc.return_add_entry(
                    actor=request.user, station_return=ret, call_centre=data["call_centre"],
                    action=data["action"], remarks=data["remarks"],
                )
        except ValidationError as exc:
            apply_service_errors(form, exc, prefix="new_" if mode == "new" else "")
        else:
            messages.success(request, _("%(name)s is now on the return.") % {"name": entry.call_centre.name})
            return redirect("registry:return-detail", pk=ret.pk)
    key = "new_form" if mode == "new" else "existing_form"
    return render(request, "registry/return_detail.html", _detail_context(request, ret, **{key: form}), status=400)


@login_required
def return_fill_view(request, pk: int):
    """List every operating call centre of the station not yet on the return."""
    ret = _editable_return(request, pk)
    if request.method == "POST":
        try:
            added = svc.return_add_operating(actor=request.user, station_return=ret)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(count)d call centres added to the return.") % {"count": added})
    return redirect("registry:return-detail", pk=ret.pk)


@login_required
def return_entry_edit_view(request, pk: int, entry_pk: int):
    ret = _editable_return(request, pk)
    entry = get_scoped_or_404(ReturnEntry, request.user, CHANGE, pk=entry_pk, station_return=ret)
    form = ReturnEntryForm(request.POST or None, initial={"action": entry.action, "remarks": entry.remarks})
    if ret.is_locked:
        form.add_error(None, _("This return is locked: it can no longer be changed."))
    elif request.method == "POST" and form.is_valid():
        try:
            svc.return_update_entry(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Entry updated."))
            return redirect("registry:return-detail", pk=ret.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "registry/return_entry_form.html", {"ret": ret, "entry": entry, "form": form}, status=status)


@login_required
def return_entry_close_view(request, pk: int, entry_pk: int):
    """Mark a listed call centre as closed since the last return."""
    ret = _editable_return(request, pk)
    entry = get_scoped_or_404(ReturnEntry, request.user, CHANGE, pk=entry_pk, station_return=ret)
    if request.method == "POST":
        try:
            svc.return_mark_closed(actor=request.user, entry=entry)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Marked as closed."))
    return redirect("registry:return-detail", pk=ret.pk)


@login_required
def return_entry_remove_view(request, pk: int, entry_pk: int):
    ret = _editable_return(request, pk)
    entry = get_scoped_or_404(ReturnEntry, request.user, CHANGE, pk=entry_pk, station_return=ret)
    if request.method == "POST":
        try:
            svc.return_remove_entry(actor=request.user, entry=entry)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Removed from the return."))
    return redirect("registry:return-detail", pk=ret.pk)


@login_required
def return_submit_view(request, pk: int):
    ret = _editable_return(request, pk)
    if request.method != "POST":
        return redirect("registry:return-detail", pk=ret.pk)
    form = ReturnSubmitForm(request.POST)
    if form.is_valid():
        try:
            svc.return_submit(actor=request.user, station_return=ret, is_nil=form.cleaned_data["is_nil"])
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The return has been submitted to the cyber crime team."))
            return redirect("registry:return-detail", pk=ret.pk)
    return render(request, "registry/return_detail.html", _detail_context(request, ret, submit_form=form), status=400)


@login_required
def return_review_view(request, pk: int):
    """The cyber crime team accepts a submitted return or sends it back with remarks."""
    ret = get_scoped_or_404(StationReturn, request.user, CHANGE, pk=pk)
    require(request.user, svc.PERM_REVIEW)
    if request.method != "POST":
        return redirect("registry:return-detail", pk=ret.pk)
    form = ReturnReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == ReturnReviewForm.ACCEPT:
                svc.return_accept(actor=request.user, station_return=ret, remarks=form.cleaned_data["remarks"])
                messages.success(request, _("Return accepted."))
            else:
                svc.return_send_back(actor=request.user, station_return=ret, remarks=form.cleaned_data["remarks"])
                messages.success(request, _("Return sent back to the station."))
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect("registry:return-detail", pk=ret.pk)
    context = _detail_context(request, ret, review_form=form)
    context["can_review"] = True  # keep the form (and its errors) on the page
    return render(request, "registry/return_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@access_logged("return PDF", action="download")
def return_pdf_view(request, pk: int):
    """The return as a printable PDF: short returns at once, long ones through a background job."""
    ret = get_scoped_or_404(StationReturn, request.user, pk=pk)
    if ret.entries.count() > svc.pdf_sync_max_entries():
        if request.method != "POST":
            messages.info(request, _("This return is long: use “Prepare the PDF” and download it when it is ready."))
            return redirect("registry:return-detail", pk=ret.pk)
        job = svc.return_pdf_request(actor=request.user, station_return=ret, language=get_language())
        return redirect("core:job-detail", pk=job.pk)
    response = HttpResponse(svc.return_pdf_render(station_return=ret), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{svc.return_pdf_filename(ret)}"'
    return response


@login_required
@require_safe
@access_logged("return PDF", action="download")
def return_pdf_file_view(request, pk: int):
    """The PDF made by a background job: for those who may see both the job and the return."""
    job = get_scoped_or_404(Job, request.user, pk=pk, kind=svc.PDF_JOB_KIND, status=JobStatus.SUCCEEDED)
    ret = get_scoped_or_404(StationReturn, request.user, pk=job.params.get("return_id"))
    path = svc.return_pdf_file_path(job)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{svc.return_pdf_filename(ret)}"'
    return response


# --------------------------------------------------------------------------- completeness board


@police_required
@require_safe
@reads_from_replica
def completeness_view(request):
    """Which stations have submitted their return for a month, zone by zone, with coverage gaps."""
    today = timezone.localdate()
    period = reads.period_parse(request.GET.get("period"), default=reads.period_bounds(today)[0])
    if period > today:
        period = reads.period_bounds(today)[0]
    zone = query_text(request.GET, "zone", 30)
    board = reads.completeness_board(user=request.user, period=period, zone=zone)
    periods = [(reads.period_label(p), formats.date_format(p, "F Y")) for p in reads.recent_periods(count=12)]
    return render(
        request, "registry/completeness.html",
        {
            "board": board, "periods": periods, "period_value": reads.period_label(board.period_start), "zone": zone,
        },
    )


@permission_required(svc.PERM_VIEW)
@require_safe
def return_chase_view(request):
    """The chase list: stations that have not submitted their return for a month (this month by
    default), each with a link to its page. Queries: session, user, the count, the page."""
    today = timezone.localdate()
    period = reads.period_parse(request.GET.get("period"), default=reads.period_bounds(today)[0])
    stations = reads.stations_not_submitted(user=request.user, period=period)
    page = Paginator(stations, 50).get_page(request.GET.get("page"))
    periods = [(reads.period_label(p), formats.date_format(p, "F Y")) for p in reads.recent_periods(count=12)]
    return render(request, "registry/return_chase.html", {
        "page": page, "periods": periods, "period_value": reads.period_label(period),
        "period_name": formats.date_format(period, "F Y"),
    })
