"""Pages of persons: city-wide search, record, detail, edit, what is known about them; the bail watch."""
from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import CHANGE, access_logged, get_scoped_or_404
from core.forms import apply_service_errors as apply_errors
from core.permissions import permission_required, police_required
from registry.selectors.cards import detail_cards

from .. import selectors, services
from ..filters import PersonFilterSet
from ..forms import PART_FORMS, PersonCoreForm, PersonForm
from ..models import Person
from ..selectors.cases import case_summaries
from ..services.persons import PERSON_PART_MODELS
from .common import page_of


@police_required
@require_safe
def person_list(request):
    """City-wide person search for police roles."""
    typed = request.GET.get("aadhaar_last4", "")
    if typed and not re.fullmatch(r"\d{4}", typed):
        # Never echo what was typed (it may be a full Aadhaar number): drop it from the address.
        messages.error(request, _("Write only the last four digits of the Aadhaar number."))
        query = request.GET.copy()
        query.pop("aadhaar_last4")
        return redirect(f"{reverse('offenders:person-list')}?{query.urlencode()}")
    filterset = PersonFilterSet(request.GET or None, queryset=selectors.person_list(user=request.user))
    if filterset.is_bound and not filterset.is_valid():
        qs = Person.objects.none()
    else:
        qs = filterset.qs
    return render(request, "offenders/person_list.html", {"filter": filterset, "page": page_of(request, qs)})


@permission_required("offenders.add_person")
def person_create(request):
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.create_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Person recorded."))
            return redirect("offenders:person-matches", pk=person.pk)
    return render(request, "offenders/part_form.html",
                  {"form": form, "title": _("Record a person"), "back": reverse("offenders:person-list")})


@police_required
@require_safe
@access_logged("person")
def person_detail(request, pk: int):
    person = selectors.person_detail(user=request.user, pk=pk)
    if person is None:
        raise Http404
    can_change = (
        Person.objects.for_user(request.user, CHANGE).filter(pk=pk).exists()
        and request.user.has_perm("offenders.change_person")
    )
    arrests = list(selectors.person_arrest_history(person))
    cases = case_summaries(user=request.user, bust_ids=[a.bust_id for a in arrests], person_identity=person.identity_id)
    for arrest in arrests:
        arrest.case = cases.get(arrest.bust_id)  # what may be seen of the bust through the person
    context = {
        "person": person,
        "can_change": can_change,
        "arrests": arrests,
        "prior_records": selectors.person_prior_records(person),
        "linked": selectors.person_linked_records(person),
        "decisions": selectors.person_decisions(person),
        "last_address": selectors.last_known_address(person.addresses.all()),
        "part_forms": PART_FORMS,
        "detail_cards": detail_cards("person", user=request.user, obj=person),
    }
    return render(request, "offenders/person_detail.html", context)


@permission_required("offenders.change_person")
def person_edit(request, pk: int):
    person = get_scoped_or_404(Person, request.user, CHANGE, pk=pk)
    initial = {f: getattr(person, f) for f in ("name", "relation", "father_name", "gender", "dob", "notes")}
    initial.update(age=person.age_recorded, age_on=person.age_recorded_on, emails=", ".join(person.emails))
    form = PersonCoreForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        if not fields["dob"] and not fields["age"] and person.birth_year and not person.age_recorded:
            fields["birth_year"] = person.birth_year  # a year only: keep it
        try:
            services.person_update(actor=request.user, person=person, **fields)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Person updated."))
            return redirect("offenders:person-detail", pk=person.pk)
    return render(request, "offenders/part_form.html",
                  {"form": form, "title": _("Edit the person"), "back": reverse("offenders:person-detail", args=[pk])})


_PART_SERVICES = {
    "alias": lambda actor, person, d: services.person_alias_add(actor=actor, person=person, name=d["name"]),
    "phone": lambda actor, person, d: services.person_phone_add(actor=actor, person=person, **d),
    "address": lambda actor, person, d: services.person_address_add(actor=actor, person=person, **d),
    "account": lambda actor, person, d: services.person_account_add(actor=actor, person=person, **d),
    "document": lambda actor, person, d: services.person_document_add(actor=actor, person=person, **d),
    "photo": lambda actor, person, d: services.person_photo_add(
        actor=actor, person=person, upload=d["image"], caption=d["caption"], taken_on=d["taken_on"]
    ),
}


@permission_required("offenders.change_person")
def person_part_add(request, pk: int, kind: str):
    """Add an alias, phone, address, account, identity document or photograph to a person."""
    if kind not in PART_FORMS:
        raise Http404
    person = get_scoped_or_404(Person, request.user, CHANGE, pk=pk)
    form_class, title = PART_FORMS[kind]
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            _PART_SERVICES[kind](request.user, person, form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("offenders:person-detail", pk=person.pk)
    return render(request, "offenders/part_form.html",
                  {"form": form, "title": title, "person": person, "multipart": kind == "photo",
                   "back": reverse("offenders:person-detail", args=[pk])})


@permission_required("offenders.change_person")
def person_part_remove(request, kind: str, pk: int):
    model = PERSON_PART_MODELS.get(kind)
    if model is None:
        raise Http404
    part = get_scoped_or_404(model, request.user, CHANGE, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person_pk = part.person_id
    services.person_part_remove(actor=request.user, part=part)
    messages.success(request, _("Removed."))
    return redirect("offenders:person-detail", pk=person_pk)


@police_required
@require_safe
def bail_watch(request):
    """Repeat offenders released on bail, with their last known addresses (every police officer)."""
    page = page_of(request, selectors.bail_watch(user=request.user))
    rows = [{"person": p, "address": selectors.identity_last_known_address(p)} for p in page]
    return render(request, "offenders/bail_watch.html", {"page": page, "rows": rows})

