"""Call-centre and premises pages, exports, duplicates and merges.

Views parse input and call services (registry/services.py) or selectors. Objects are fetched
with `get_scoped_or_404` (or from a scoped selector) first, so out of scope is a 404 whatever
the method; then the role's permission is checked (403).
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.access import CHANGE, get_scoped_or_404, user_scope
from core.forms import apply_service_errors
from core.models import Job, JobStatus
from verification.choices import LicenceState
from verification.selectors import licences_of

from . import exports
from .choices import CallCentreStatus, DuplicateReason, ExportFormat
from .dedup import duplicate_candidates, duplicates_of, judged_different, pair_reasons
from .filters import CallCentreFilterSet, PremisesFilterSet
from .forms import (
    CallCentreEditForm,
    CallCentreRegisterForm,
    MergeForm,
    MoveForm,
    PremisesForm,
    StatusForm,
)
from .models import CallCentre, Merge, NotDuplicate, Premises
from .selectors import (
    callcentre_detail_queryset,
    callcentre_list,
    callcentre_timeline,
    landlord_other_premises,
    premises_list,
    premises_occupancies,
)
from .services import (
    PERM_MERGE,
    PERM_UNMERGE,
    callcentre_merge,
    callcentre_merge_undo,
    callcentre_move,
    callcentre_register,
    callcentre_set_status,
    callcentre_update,
    duplicate_dismiss,
    duplicate_dismiss_undo,
    premises_update,
)

PAGE_SIZE = 50
PERM_ADD = "registry.add_callcentre"
PERM_CHANGE = "registry.change_callcentre"
PERM_CHANGE_PREMISES = "registry.change_premises"


def _require_perm(user, perm: str) -> None:
    if not user.has_perm(perm) or user_scope(user).read_only:
        raise PermissionDenied(_("Your role cannot do this."))


def _require_police(user) -> None:
    if not user_scope(user).is_police:
        raise PermissionDenied(_("This page is for police officers."))


def _query_without(request, *keys) -> str:
    query = request.GET.copy()
    for key in keys:
        query.pop(key, None)
    return query.urlencode()


# --------------------------------------------------------------------------- call centres

@login_required
def callcentre_list_view(request):
    """The call centres in the officer's jurisdiction, filtered, searched, sorted, paginated.

    Queries: session, user, the filter form's zones, stations and localities, the count,
    the page's rows (with flags) and their phones — the same for 5 rows as for 500.
    """
    _require_police(request.user)
    filterset = CallCentreFilterSet(
        request.GET, queryset=callcentre_list(user=request.user), request=request
    ).with_menus()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/callcentre_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": _query_without(request, "page"),
            "can_add": request.user.has_perm(PERM_ADD) and not user_scope(request.user).read_only,
            "export_limit": exports.EXPORT_BACKGROUND_ABOVE,
        },
    )


def _get_call_centre(request, pk: int) -> CallCentre:
    call_centre = callcentre_detail_queryset(user=request.user).filter(pk=pk).first()
    if call_centre is None:
        raise Http404
    return call_centre


@login_required
def callcentre_detail_view(request, pk: int):
    """One call centre: its record, premises, phones, churn flags, possible duplicates and timeline."""
    _require_police(request.user)
    call_centre = _get_call_centre(request, pk)
    can_change = request.user.has_perm(PERM_CHANGE) and CallCentre.objects.for_user(request.user, CHANGE).filter(
        pk=pk
    ).exists()
    return render(
        request,
        "registry/callcentre_detail.html",
        {
            "cc": call_centre,
            "timeline": callcentre_timeline(call_centre),
            "duplicates": duplicates_of(user=request.user, call_centre=call_centre),
            "can_change": can_change and call_centre.status != CallCentreStatus.MERGED,
            "can_merge": request.user.has_perm(PERM_MERGE),
            **_licence_context(request.user, call_centre),
        },
    )


def _licence_context(user, call_centre: CallCentre) -> dict:
    """The licence check's card on the detail page (verification app)."""
    if not user.has_perm("verification.view_licence"):
        return {}
    licences = licences_of(user=user, call_centre=call_centre)
    return {"licences": licences, "licence_state": LicenceState(call_centre.licence_state)}


@login_required
def callcentre_create_view(request):
    _require_police(request.user)
    _require_perm(request.user, PERM_ADD)
    form = CallCentreRegisterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            call_centre = callcentre_register(actor=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Call centre “%(name)s” registered.") % {"name": call_centre.name})
            return redirect("registry:callcentre-detail", pk=call_centre.pk)
    return render(request, "registry/callcentre_form.html", {"form": form, "title": _("Register a call centre")})


@login_required
def callcentre_edit_view(request, pk: int):
    call_centre = get_scoped_or_404(CallCentre, request.user, CHANGE, pk=pk)
    _require_perm(request.user, PERM_CHANGE)
    form = CallCentreEditForm(
        request.POST or None, user=request.user, initial=CallCentreEditForm.initial_for(call_centre)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if "station" in data and data["station"] is None:
            data.pop("station")
        try:
            callcentre_update(actor=request.user, call_centre=call_centre, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Changes saved."))
            return redirect("registry:callcentre-detail", pk=call_centre.pk)
    return render(
        request, "registry/callcentre_form.html",
        {"form": form, "cc": call_centre, "title": _("Edit “%(name)s”") % {"name": call_centre.name}},
    )


@login_required
def callcentre_status_view(request, pk: int):
    call_centre = get_scoped_or_404(CallCentre, request.user, CHANGE, pk=pk)
    _require_perm(request.user, PERM_CHANGE)
    form = StatusForm(request.POST or None, current=call_centre.status)
    if request.method == "POST" and form.is_valid():
        try:
            callcentre_set_status(actor=request.user, call_centre=call_centre, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Status changed."))
            return redirect("registry:callcentre-detail", pk=call_centre.pk)
    return render(request, "registry/callcentre_status.html", {"form": form, "cc": call_centre})


@login_required
def callcentre_move_view(request, pk: int):
    call_centre = get_scoped_or_404(CallCentre, request.user, CHANGE, pk=pk)
    _require_perm(request.user, PERM_CHANGE)
    form = MoveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            callcentre_move(actor=request.user, call_centre=call_centre, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The move is recorded."))
            return redirect("registry:callcentre-detail", pk=call_centre.pk)
    return render(request, "registry/callcentre_move.html", {"form": form, "cc": call_centre})


# --------------------------------------------------------------------------- exports

def _export_error(request, message: str):
    return render(request, "registry/callcentre_export_error.html", {"message": message}, status=400)


@login_required
def callcentre_export_view(request):
    """Exactly the filtered rows: streamed when small, a background job with a download link when large."""
    _require_police(request.user)
    fmt = request.GET.get("format", ExportFormat.CSV)
    params = exports.filter_params(request.GET)
    try:
        exports.check_format(fmt)
        queryset = exports.export_queryset(user=request.user, params=params)
    except ValidationError as exc:
        return _export_error(request, " ".join(exc.messages))
    total = queryset.count()
    if total > exports.EXPORT_BACKGROUND_ABOVE:
        job = exports.export_start(actor=request.user, params=params, fmt=fmt, total=total)
        messages.info(request, _("%(n)s rows: the export is being prepared in the background.") % {"n": total})
        return redirect("core:job-detail", pk=job.pk)
    filename = exports.export_filename(fmt)
    if fmt == ExportFormat.CSV:
        # At most EXPORT_BACKGROUND_ABOVE rows: written in one response (a few MB at most).
        response = HttpResponse(
            "".join(exports.csv_stream(exports.export_rows(queryset))), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.xlsx_bytes(exports.export_rows(queryset)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_download_view(request, pk: int):
    """A background export's file: only for its requester and those whose scope covers the job."""
    job = get_scoped_or_404(Job, request.user, pk=pk, kind=exports.EXPORT_KIND, status=JobStatus.SUCCEEDED)
    path = exports.export_file_path(job)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result.get("filename") or path.name)


# --------------------------------------------------------------------------- premises

@login_required
def premises_list_view(request):
    """Premises in the officer's jurisdiction with occupant counts and churn flags (constant queries)."""
    _require_police(request.user)
    filterset = PremisesFilterSet(request.GET, queryset=premises_list(user=request.user), request=request).with_menus()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "registry/premises_list.html",
        {"filter": filterset, "page": page, "query": _query_without(request, "page")},
    )


@login_required
def premises_detail_view(request, pk: int):
    _require_police(request.user)
    premises = premises_list(user=request.user).filter(pk=pk).first()
    if premises is None:
        raise Http404
    can_change = request.user.has_perm(PERM_CHANGE_PREMISES) and not user_scope(request.user).read_only and (
        Premises.objects.for_user(request.user, CHANGE).filter(pk=pk).exists()
    )
    return render(
        request, "registry/premises_detail.html",
        {
            "premises": premises,
            "occupancies": premises_occupancies(premises=premises),
            "landlord_premises": landlord_other_premises(user=request.user, premises=premises),
            "can_change": can_change,
        },
    )


@login_required
def premises_edit_view(request, pk: int):
    premises = get_scoped_or_404(Premises, request.user, CHANGE, pk=pk)
    _require_perm(request.user, PERM_CHANGE_PREMISES)
    initial = {f: getattr(premises, f) for f in ("landlord_name", "landlord_phone", "lease_start", "lease_end", "rooms")}
    form = PremisesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            premises_update(actor=request.user, premises=premises, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Premises updated."))
            return redirect("registry:premises-detail", pk=premises.pk)
    return render(request, "registry/premises_form.html", {"form": form, "premises": premises})


# --------------------------------------------------------------------------- duplicates and merges

@login_required
def duplicates_view(request):
    """Possible duplicates within the officer's scope (city-wide for the cyber crime team)."""
    _require_police(request.user)
    candidates = duplicate_candidates(user=request.user)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    can_merge = request.user.has_perm(PERM_MERGE)
    judged = judged_different(user=request.user) if can_merge else []
    return render(
        request, "registry/duplicates.html",
        {"page": page, "can_merge": can_merge, "judged": judged, "query": ""},
    )


@login_required
def duplicate_dismiss_view(request, pk: int, other: int):
    """The cyber crime team judges two records to be different call centres (POST)."""
    a = get_scoped_or_404(CallCentre, request.user, CHANGE, pk=pk)
    b = get_scoped_or_404(CallCentre, request.user, CHANGE, pk=other)
    if request.method != "POST":  # after the scope check: outside it, a 404 like everywhere
        return HttpResponseNotAllowed(["POST"])
    try:
        duplicate_dismiss(actor=request.user, call_centre=a, other=b, note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(a)s” and “%(b)s” will not be proposed as duplicates again.")
                         % {"a": a.name, "b": b.name})
    return redirect("registry:duplicates")


@login_required
def duplicate_dismiss_undo_view(request, pk: int):
    """Undo a "not a duplicate" decision (POST): the pair may be proposed again."""
    decision = get_scoped_or_404(NotDuplicate, request.user, CHANGE, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        duplicate_dismiss_undo(actor=request.user, decision=decision)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Decision undone: the pair may be proposed again."))
    return redirect("registry:duplicates")


@login_required
def merge_view(request, pk: int, other: int):
    """Compare two records side by side and merge them (cyber crime team)."""
    a = get_scoped_or_404(CallCentre, request.user, CHANGE, pk=pk)
    b = get_scoped_or_404(CallCentre, request.user, CHANGE, pk=other)
    if not request.user.has_perm(PERM_MERGE):
        raise PermissionDenied(_("Only the cyber crime team can merge call centres."))
    if a.pk == b.pk:
        raise Http404
    reasons = pair_reasons(a, b)
    form = MergeForm(request.POST or None, a=a, b=b, initial={"survivor": str(a.pk)})
    if request.method == "POST" and form.is_valid():
        survivor, merged = (a, b) if form.cleaned_data["survivor"] == str(a.pk) else (b, a)
        try:
            merge = callcentre_merge(actor=request.user, survivor=survivor, merged=merged, reasons=reasons)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("“%(m)s” merged into “%(s)s”.") % {"m": merge.merged.name, "s": merge.survivor.name}
            )
            return redirect("registry:callcentre-detail", pk=survivor.pk)
    return render(
        request, "registry/duplicates_merge.html",
        {"a": a, "b": b, "form": form, "reasons": [DuplicateReason(r).label for r in reasons]},
    )


@login_required
def merge_undo_view(request, pk: int):
    """Undo a merge (administrators)."""
    merge = get_scoped_or_404(Merge, request.user, pk=pk)
    if not request.user.has_perm(PERM_UNMERGE):
        raise PermissionDenied(_("Only an administrator can undo a merge."))
    error = None
    if request.method == "POST":
        try:
            callcentre_merge_undo(actor=request.user, merge=merge)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The merge is undone."))
            return redirect(reverse("registry:callcentre-detail", args=[merge.merged_id]))
    merge = Merge.objects.select_related("survivor", "merged", "merged_by", "undone_by").get(pk=merge.pk)
    return render(request, "registry/duplicates_undo.html", {"merge": merge, "error": error})
