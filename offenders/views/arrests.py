"""Pages of arrests: list, detail, recording an arrest in a bust (with a new or known person), bail and release."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import CHANGE, VIEW, access_logged, get_scoped_or_404
from core.forms import apply_service_errors as apply_errors
from core.numbers import parse_int
from core.permissions import may, permission_required

from .. import selectors, services
from ..filters import ArrestFilterSet
from ..forms import ArrestForm, PersonForm
from ..models import Arrest, Bust, Person
from .common import page_of


@login_required
@require_safe
def arrest_list(request):
    filterset = ArrestFilterSet(request.GET, queryset=selectors.arrest_list(user=request.user))
    return render(request, "offenders/arrest_list.html", {"filter": filterset, "page": page_of(request, filterset.qs)})


@login_required
@require_safe
@access_logged("arrest")
def arrest_detail(request, pk: int):
    arrest = get_scoped_or_404(Arrest, request.user, VIEW, pk=pk)
    can_change = (
        may(request.user, "offenders.change_arrest")
        and Arrest.objects.for_user(request.user, CHANGE).filter(pk=pk).exists()
    )
    return render(request, "offenders/arrest_detail.html", {"arrest": arrest, "can_change": can_change})


@permission_required("offenders.add_arrest")
def arrest_create(request, pk: int):
    """Record an arrest in a bust: an existing person (?person=id) or a new one described here.

    After saving, the officer is shown the possible matches of the person among all persons.
    """
    bust = get_scoped_or_404(Bust, request.user, CHANGE, pk=pk)
    person = None
    if (person_id := parse_int(request.GET.get("person"))) is not None:
        person = get_scoped_or_404(Person, request.user, VIEW, pk=person_id)
    data = request.POST or None
    arrest_form = ArrestForm(data, prefix="arrest")
    person_form = None if person else PersonForm(data, prefix="person", user=request.user)
    if person_form is not None and "station" in person_form.fields:
        person_form.fields.pop("station")  # the person is recorded by the bust's station
    if request.method == "POST" and arrest_form.is_valid() and (person_form is None or person_form.is_valid()):
        try:
            with transaction.atomic():
                target = person
                if target is None:
                    kwargs = person_form.create_kwargs()
                    kwargs["station"] = bust.station
                    # An age given at arrest is the age on the day of arrest, not on the day of typing.
                    kwargs["age_on"] = kwargs["age_on"] or arrest_form.cleaned_data["arrested_on"] or bust.raid_date
                    target = services.person_create(actor=request.user, **kwargs)
                services.arrest_create(actor=request.user, bust=bust, person=target, **arrest_form.arrest_fields())
        except ValidationError as exc:
            apply_errors(person_form if person_form is not None and _is_person_error(exc) else arrest_form, exc)
        else:
            messages.success(request, _("Arrest recorded. Check whether this person was arrested before."))
            return redirect(f"{reverse('offenders:person-matches', args=[target.pk])}?bust={bust.pk}")
    return render(
        request, "offenders/arrest_form.html",
        {"bust": bust, "person": person, "arrest_form": arrest_form, "person_form": person_form},
    )


def _is_person_error(exc: ValidationError) -> bool:
    person_fields = set(PersonForm.base_fields) | {"phones", "emails", "number", "kind"}
    return hasattr(exc, "error_dict") and bool(set(exc.error_dict) & person_fields)


@permission_required("offenders.change_arrest")
def arrest_edit(request, pk: int):
    arrest = get_scoped_or_404(Arrest, request.user, CHANGE, pk=pk)
    initial = {f: getattr(arrest, f) for f in ("arrested_on", "role", "bail_date", "bail_court", "released_on", "notes")}
    form = ArrestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.arrest_fields()
        fields["arrested_on"] = fields["arrested_on"] or arrest.arrested_on
        try:
            services.arrest_update(actor=request.user, arrest=arrest, **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Arrest updated."))
            return redirect("offenders:arrest-detail", pk=arrest.pk)
    return render(request, "offenders/part_form.html",
                  {"form": form, "title": _("Bail and release"), "back": reverse("offenders:arrest-detail", args=[pk])})

