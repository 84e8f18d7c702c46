"""Call-centre pages: the list, one record's page, register, edit, status, move.

Views parse input and call services (registry/services/) or selectors. Objects are fetched
with `get_scoped_or_404` (or from a scoped selector) first, so out of scope is a 404 whatever
the method; then the permission is checked (`require`, 403).
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import CHANGE, get_scoped_or_404
from core.forms import apply_service_errors
from core.paging import EstimatedCountPaginator
from core.permissions import may, police_required, require
from core.text import query_text

from ..choices import CallCentreStatus
from ..filters import CallCentreFilterSet
from ..forms.callcentres import CallCentreEditForm, CallCentreRegisterForm, MoveForm, StatusForm
from ..models import CallCentre
from ..selectors.callcentres import callcentre_detail_queryset, callcentre_list, callcentre_lookup
from ..selectors.cards import detail_cards
from ..selectors.duplicates import duplicates_of, likely_duplicates_of_new
from ..selectors.licences import licence_card
from ..selectors.timeline import callcentre_timeline
from ..services import exports
from ..services.callcentres import (
    PERM_ADD,
    PERM_CHANGE,
    callcentre_move,
    callcentre_register,
    callcentre_set_status,
    callcentre_update,
)
from ..services.duplicates import PERM_MERGE
from .common import PAGE_SIZE, query_without


@police_required
@require_safe
def callcentre_list_view(request):
    """The call centres in the officer's jurisdiction, filtered, searched, sorted, paginated.

    Queries: session, user, the filter form's zones, stations and localities, the count,
    the page's rows (with flags) and their phones — the same for 5 rows as for 500.
    """
    filterset = CallCentreFilterSet(
        request.GET, queryset=callcentre_list(user=request.user), request=request
    ).with_menus()
    page = EstimatedCountPaginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/callcentre_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query_without(request, "page"),
            "can_add": may(request.user, PERM_ADD),
            "export_limit": exports.EXPORT_BACKGROUND_ABOVE,
        },
    )


def _get_call_centre(request, pk: int) -> CallCentre:
    call_centre = callcentre_detail_queryset(user=request.user).filter(pk=pk).first()
    if call_centre is None:
        raise Http404
    return call_centre


@police_required
@require_safe
def callcentre_detail_view(request, pk: int):
    """One call centre: its record, premises, phones, churn flags, possible duplicates, timeline, licences."""
    call_centre = _get_call_centre(request, pk)
    can_change = may(request.user, PERM_CHANGE) and CallCentre.objects.for_user(request.user, CHANGE).filter(
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
            "can_merge": may(request.user, PERM_MERGE),
            **licence_card(user=request.user, call_centre=call_centre),
            "detail_cards": detail_cards("callcentre", user=request.user, obj=call_centre),
        },
    )


@police_required
def callcentre_create_view(request):
    """Register a call centre. A likely duplicate (same premises or a shared phone, in the officer's
    scope) is shown before anything is saved; "Register anyway" (`confirm_duplicates`) saves."""
    require(request.user, PERM_ADD)
    form = CallCentreRegisterForm(request.POST or None, user=request.user)
    candidates = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if request.POST.get("confirm_duplicates") != "1":
            candidates = likely_duplicates_of_new(
                user=request.user, address=data.get("address", ""), locality=data.get("locality"),
                phones=data.get("phones") or [],
            )
        if not candidates:
            try:
                call_centre = callcentre_register(actor=request.user, **data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Call centre “%(name)s” registered.") % {"name": call_centre.name})
                return redirect("registry:callcentre-detail", pk=call_centre.pk)
    return render(request, "registry/callcentre_form.html",
                  {"form": form, "title": _("Register a call centre"), "candidates": candidates})


@login_required
def callcentre_edit_view(request, pk: int):
    call_centre = get_scoped_or_404(CallCentre, request.user, CHANGE, pk=pk)
    require(request.user, PERM_CHANGE)
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
    require(request.user, PERM_CHANGE)
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
    require(request.user, PERM_CHANGE)
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


@police_required
@require_safe
def callcentre_lookup_view(request):
    """Searchable choices of call centres (?q=, optional ?station=code&for=change): JSON rows
    `{"id", "label"}` in the officer's scope, the label telling identical names apart."""
    action = CHANGE if request.GET.get("for") == "change" else "view"
    rows = callcentre_lookup(user=request.user, q=query_text(request.GET, "q", 100), action=action,
                             station=query_text(request.GET, "station", 50))
    return JsonResponse({"results": rows})
