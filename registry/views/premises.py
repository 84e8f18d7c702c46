"""Premises pages: the list (occupants, churn flags), one premises, its landlord and lease."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import CHANGE, get_scoped_or_404
from core.forms import apply_service_errors
from core.permissions import may, police_required, require

from ..filters import PremisesFilterSet
from ..forms.premises import PremisesForm
from ..models import Premises
from ..selectors.premises import landlord_other_premises, premises_list, premises_occupancies
from ..services.premises import PERM_CHANGE_PREMISES, premises_update
from .common import PAGE_SIZE, query_without


@police_required
@require_safe
def premises_list_view(request):
    """Premises in the officer's jurisdiction with occupant counts and churn flags (constant queries)."""
    filterset = PremisesFilterSet(request.GET, queryset=premises_list(user=request.user), request=request).with_menus()
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "registry/premises_list.html",
        {"filter": filterset, "page": page, "query": query_without(request, "page")},
    )


@police_required
@require_safe
def premises_detail_view(request, pk: int):
    premises = premises_list(user=request.user).filter(pk=pk).first()
    if premises is None:
        raise Http404
    can_change = may(request.user, PERM_CHANGE_PREMISES) and (
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
    require(request.user, PERM_CHANGE_PREMISES)
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
