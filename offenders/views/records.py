"""Pages of prior records (arrests by other forces): list, detail, one new record, a CSV import."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import VIEW, access_logged, get_scoped_or_404
from core.forms import apply_service_errors as apply_errors
from core.numbers import parse_int
from core.permissions import permission_required

from .. import selectors, services
from ..filters import PriorRecordFilterSet
from ..forms import PriorImportForm, PriorRecordForm
from ..models import Person, PriorRecord
from ..services.records import PRIOR_CSV_COLUMNS
from .common import page_of


@login_required
@require_safe
def prior_record_list(request):
    filterset = PriorRecordFilterSet(request.GET, queryset=selectors.prior_record_list(user=request.user))
    return render(request, "offenders/prior_list.html", {"filter": filterset, "page": page_of(request, filterset.qs)})


@login_required
@require_safe
@access_logged("prior record")
def prior_record_detail(request, pk: int):
    record = get_scoped_or_404(PriorRecord, request.user, VIEW, pk=pk)
    return render(request, "offenders/prior_detail.html", {"record": record})


@permission_required("offenders.add_priorrecord")
def prior_record_create(request):
    """Record a prior record (an arrest elsewhere) for a person chosen by ?person=id."""
    person_id = parse_int(request.GET.get("person"))
    if person_id is None:
        messages.info(request, _("Find the person first, then add the prior record from their page."))
        return redirect("offenders:person-list")
    person = get_scoped_or_404(Person, request.user, VIEW, pk=person_id)
    form = PriorRecordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        station = data.pop("station", None)
        try:
            services.prior_record_create(actor=request.user, person=person, station=station, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Prior record added. Check whether this person was recorded before."))
            return redirect("offenders:person-matches", pk=person.pk)
    return render(request, "offenders/part_form.html",
                  {"form": form, "person": person, "title": _("Add a prior record"),
                   "back": reverse("offenders:person-detail", args=[person.pk])})


@permission_required("offenders.add_priorrecord")
def prior_record_import(request):
    """Upload a CSV of prior records: all rows are saved, or none (bad rows listed with their line)."""
    form = PriorImportForm(request.POST or None, request.FILES or None, user=request.user)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            result = services.prior_records_import_csv(
                actor=request.user, data=form.cleaned_data["file"].read(), station=form.cleaned_data.get("station")
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(
                request,
                _("%(n)s prior records imported (%(p)s new persons). Possible matches are in the review queue.")
                % {"n": len(result.records), "p": result.persons_created},
            )
            return redirect("offenders:prior-list")
    return render(request, "offenders/prior_import.html",
                  {"form": form, "errors": errors, "columns": PRIOR_CSV_COLUMNS})

