"""Pages of busts: list, record, detail, edit, documents (attached and downloaded)."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import CHANGE, VIEW, access_logged, get_scoped_or_404
from core.forms import apply_service_errors as apply_errors
from core.permissions import permission_required

from .. import selectors, services
from ..filters import BustFilterSet
from ..forms import BustDocumentForm, BustForm
from ..models import Bust, BustDocument
from .common import file_response, page_of


@login_required
@require_safe
def bust_list(request):
    filterset = BustFilterSet(request.GET, queryset=selectors.bust_list(user=request.user))
    return render(request, "offenders/bust_list.html", {"filter": filterset, "page": page_of(request, filterset.qs)})


def _bust_kwargs(form: BustForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("station", None)
    return data


@permission_required("offenders.add_bust")
def bust_create(request):
    # ?call_centre=&raid_date=&place=&narrative= pre-fill the form (an inspection that found a violation).
    initial = {k: request.GET[k] for k in ("call_centre", "raid_date", "place", "narrative") if request.GET.get(k)}
    form = BustForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            bust = services.bust_create(actor=request.user, station=form.cleaned_data.get("station"), **_bust_kwargs(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Bust FIR %(fir)s recorded.") % {"fir": bust.fir_number})
            return redirect("offenders:bust-detail", pk=bust.pk)
    return render(request, "offenders/bust_form.html", {"form": form, "title": _("Record a bust")})


@login_required
@require_safe
@access_logged("bust")
def bust_detail(request, pk: int):
    bust = selectors.bust_detail(user=request.user, pk=pk)
    if bust is None:
        raise Http404
    can_change = Bust.objects.for_user(request.user, CHANGE).filter(pk=pk).exists() and request.user.has_perm(
        "offenders.change_bust"
    )
    return render(
        request, "offenders/bust_detail.html",
        {"bust": bust, "can_change": can_change, "document_form": BustDocumentForm() if can_change else None},
    )


@permission_required("offenders.change_bust")
def bust_edit(request, pk: int):
    bust = get_scoped_or_404(Bust, request.user, CHANGE, pk=pk)
    initial = {
        field: getattr(bust, field)
        for field in ("fir_number", "raid_date", "call_centre", "place", "modus_operandi", "victim_count",
                      "money_involved", "computers_seized", "phones_seized", "sim_cards_seized", "cash_seized",
                      "narrative")
    }
    initial["victim_countries"] = ", ".join(bust.victim_countries)
    initial["sections"] = list(bust.sections.all())
    form = BustForm(request.POST or None, user=request.user, creating=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.bust_update(actor=request.user, bust=bust, **_bust_kwargs(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Bust updated."))
            return redirect("offenders:bust-detail", pk=bust.pk)
    return render(request, "offenders/bust_form.html", {"form": form, "bust": bust, "title": _("Edit the bust")})


@permission_required("offenders.change_bust")
def bust_document_add(request, pk: int):
    bust = get_scoped_or_404(Bust, request.user, CHANGE, pk=pk)
    form = BustDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.bust_document_add(
                actor=request.user, bust=bust, upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Document attached."))
            return redirect("offenders:bust-detail", pk=bust.pk)
    return render(request, "offenders/part_form.html",
                  {"form": form, "title": _("Attach a document"), "back": reverse("offenders:bust-detail", args=[pk]),
                   "multipart": True})


@login_required
@require_safe
@access_logged("document", action="download")
def bust_document_download(request, pk: int):
    """A case document, to officers who may see the bust (never from a public URL)."""
    document = get_scoped_or_404(BustDocument, request.user, VIEW, pk=pk)
    return file_response(document.file, document.content_type, filename=document.original_name, attachment=True)

