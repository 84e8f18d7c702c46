"""Duplicates and merges: possible duplicates, the merge page, "not a duplicate", undoing a merge."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import CHANGE, get_scoped_or_404
from core.forms import apply_service_errors
from core.permissions import may, police_required, require

from ..choices import DuplicateReason
from ..forms.duplicates import MergeForm
from ..models import CallCentre, Merge, NotDuplicate
from ..selectors.duplicates import duplicate_candidates, judged_different, pair_reasons
from ..services.duplicates import (
    PERM_MERGE,
    PERM_UNMERGE,
    callcentre_merge,
    callcentre_merge_undo,
    duplicate_dismiss,
    duplicate_dismiss_undo,
)
from .common import PAGE_SIZE


@police_required
@require_safe
def duplicate_list_view(request):
    """Possible duplicates within the officer's scope (city-wide for the cyber crime team)."""
    candidates = duplicate_candidates(user=request.user)
    page = Paginator(candidates, PAGE_SIZE).get_page(request.GET.get("page"))
    can_merge = may(request.user, PERM_MERGE)
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
    require(request.user, PERM_MERGE, _("Only the cyber crime team can merge call centres."))
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
    require(request.user, PERM_UNMERGE, _("Only an administrator can undo a merge."))
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
