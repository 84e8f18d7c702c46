"""Pages of enforcement: busts, arrests, persons, prior records, matches, review queue, bail watch.

Views parse input and call services (writes) or selectors (reads). Rows come from
`for_user`; anything out of scope is a 404. Photographs and documents are served only
here, after the same access check.
"""
from __future__ import annotations

import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, renderer_classes
from rest_framework.renderers import BaseRenderer

from core.access import CHANGE, VIEW, get_scoped_or_404, user_scope
from core.forms import apply_service_errors as apply_errors

from . import selectors, services
from .candidates import LIKELY_MATCH, REVIEW_MIN, find_candidates
from .choices import MatchVerdict
from .filters import ArrestFilterSet, BustFilterSet, PersonFilterSet, PriorRecordFilterSet
from .forms import (
    PART_FORMS,
    ArrestForm,
    BustDocumentForm,
    BustForm,
    DecisionForm,
    PersonCoreForm,
    PersonForm,
    PriorImportForm,
    PriorRecordForm,
)
from .models import Arrest, Bust, BustDocument, MatchDecision, Person, PersonPhoto, PriorRecord

PAGE_SIZE = 25


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _require_perm(user, perm: str) -> None:
    scope = user_scope(user)
    if scope.read_only or not scope.is_police or not user.has_perm(perm):
        raise PermissionDenied(_("Your role cannot do this."))


def _police_only(user) -> None:
    if not user_scope(user).is_police:
        raise Http404


# --------------------------------------------------------------------------- busts


@login_required
@require_safe
def bust_list(request):
    filterset = BustFilterSet(request.GET, queryset=selectors.bust_list(user=request.user))
    return render(request, "offenders/bust_list.html", {"filter": filterset, "page": _page(request, filterset.qs)})


def _bust_kwargs(form: BustForm) -> dict:
    data = dict(form.cleaned_data)
    data.pop("station", None)
    return data


@login_required
def bust_create(request):
    _require_perm(request.user, "offenders.add_bust")
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


@login_required
def bust_edit(request, pk: int):
    bust = get_scoped_or_404(Bust, request.user, CHANGE, pk=pk)
    _require_perm(request.user, "offenders.change_bust")
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


@login_required
def bust_document_add(request, pk: int):
    bust = get_scoped_or_404(Bust, request.user, CHANGE, pk=pk)
    _require_perm(request.user, "offenders.change_bust")
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


def _file_response(field_file, content_type: str, *, filename: str | None = None, attachment: bool = False):
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404
    response = FileResponse(handle, content_type=content_type, as_attachment=attachment, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_safe
def bust_document_download(request, pk: int):
    """A case document, to officers who may see the bust (never from a public URL)."""
    document = get_scoped_or_404(BustDocument, request.user, VIEW, pk=pk)
    return _file_response(document.file, document.content_type, filename=document.original_name, attachment=True)


# --------------------------------------------------------------------------- arrests


@login_required
@require_safe
def arrest_list(request):
    filterset = ArrestFilterSet(request.GET, queryset=selectors.arrest_list(user=request.user))
    return render(request, "offenders/arrest_list.html", {"filter": filterset, "page": _page(request, filterset.qs)})


@login_required
@require_safe
def arrest_detail(request, pk: int):
    arrest = get_scoped_or_404(Arrest, request.user, VIEW, pk=pk)
    can_change = Arrest.objects.for_user(request.user, CHANGE).filter(pk=pk).exists()
    return render(request, "offenders/arrest_detail.html", {"arrest": arrest, "can_change": can_change})


@login_required
def arrest_create(request, pk: int):
    """Record an arrest in a bust: an existing person (?person=id) or a new one described here.

    After saving, the officer is shown the possible matches of the person among all persons.
    """
    bust = get_scoped_or_404(Bust, request.user, CHANGE, pk=pk)
    _require_perm(request.user, "offenders.add_arrest")
    person = None
    if request.GET.get("person", "").isdigit():
        person = get_scoped_or_404(Person, request.user, VIEW, pk=int(request.GET["person"]))
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


@login_required
def arrest_edit(request, pk: int):
    arrest = get_scoped_or_404(Arrest, request.user, CHANGE, pk=pk)
    _require_perm(request.user, "offenders.change_arrest")
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


# --------------------------------------------------------------------------- persons


@login_required
@require_safe
def person_list(request):
    """City-wide person search for police roles."""
    _police_only(request.user)
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
    return render(request, "offenders/person_list.html", {"filter": filterset, "page": _page(request, qs)})


@login_required
def person_create(request):
    _require_perm(request.user, "offenders.add_person")
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


@login_required
@require_safe
def person_detail(request, pk: int):
    _police_only(request.user)
    person = selectors.person_detail(user=request.user, pk=pk)
    if person is None:
        raise Http404
    can_change = (
        Person.objects.for_user(request.user, CHANGE).filter(pk=pk).exists()
        and request.user.has_perm("offenders.change_person")
    )
    context = {
        "person": person,
        "can_change": can_change,
        "can_arrest": request.user.has_perm("offenders.add_arrest") and not user_scope(request.user).read_only,
        "arrests": selectors.person_arrest_history(person),
        "prior_records": selectors.person_prior_records(person),
        "linked": selectors.person_linked_records(person),
        "decisions": selectors.person_decisions(person),
        "last_address": selectors.last_known_address(person.addresses.all()),
        "part_forms": PART_FORMS,
    }
    return render(request, "offenders/person_detail.html", context)


@login_required
def person_edit(request, pk: int):
    person = get_scoped_or_404(Person, request.user, CHANGE, pk=pk)
    _require_perm(request.user, "offenders.change_person")
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


@login_required
def person_add_part(request, pk: int, kind: str):
    """Add an alias, phone, address, account, identity document or photograph to a person."""
    if kind not in PART_FORMS:
        raise Http404
    person = get_scoped_or_404(Person, request.user, CHANGE, pk=pk)
    _require_perm(request.user, "offenders.change_person")
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


@login_required
def person_remove_part(request, kind: str, pk: int):
    model = services.PERSON_PART_MODELS.get(kind)
    if model is None:
        raise Http404
    part = get_scoped_or_404(model, request.user, CHANGE, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    person_pk = part.person_id
    services.person_part_remove(actor=request.user, part=part)
    messages.success(request, _("Removed."))
    return redirect("offenders:person-detail", pk=person_pk)


def _decide_target(user, person: Person, candidate: Person) -> int | None:
    """The record through whose decide URL this user may decide the pair (theirs), or None."""
    if user.has_perm(services.PERM_REVIEW):
        return person.pk
    if not user.has_perm(services.PERM_DECIDE) or user_scope(user).read_only:
        return None
    changeable = set(
        Person.objects.for_user(user, CHANGE).filter(pk__in=[person.pk, candidate.pk]).values_list("pk", flat=True)
    )
    if person.pk in changeable:
        return person.pk
    return candidate.pk if candidate.pk in changeable else None


def _bust_back_link(request) -> int | None:
    """The bust the officer came from (?bust=id), if it is a bust they may see."""
    raw = request.GET.get("bust", "")
    if not raw.isdigit() or len(raw) > 18:
        return None
    return Bust.objects.for_user(request.user, VIEW).filter(pk=int(raw)).values_list("pk", flat=True).first()


@login_required
@require_safe
def person_matches(request, pk: int):
    """The persons who may be the same individual, with scores and reasons, to confirm or reject."""
    _police_only(request.user)
    person = get_scoped_or_404(Person, request.user, VIEW, pk=pk)
    candidates = find_candidates(user=request.user, person=person, limit=20)
    rows = [{"candidate": c, "decide_as": _decide_target(request.user, person, c.person)} for c in candidates]
    return render(
        request, "offenders/person_matches.html",
        {"person": person, "rows": rows, "likely": LIKELY_MATCH, "review_min": REVIEW_MIN,
         "bust_pk": _bust_back_link(request)},
    )


@login_required
def person_decide(request, pk: int):
    """Same person / not the same person, decided from the page of a record the officer may change."""
    action = VIEW if request.user.has_perm(services.PERM_REVIEW) else CHANGE
    person = get_scoped_or_404(Person, request.user, action, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose “same person” or “not the same person”."))
        return redirect("offenders:person-matches", pk=pk)
    other = get_scoped_or_404(Person, request.user, VIEW, pk=form.cleaned_data["other"])
    try:
        services.match_decide(actor=request.user, person=person, other=other, verdict=form.cleaned_data["verdict"],
                              note=form.cleaned_data["note"], **_scored(request.user, person, other))
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("offenders:person-matches", pk=pk)
    if form.cleaned_data["verdict"] == MatchVerdict.SAME:
        messages.success(request, _("Linked: the two records are now one individual."))
    else:
        messages.success(request, _("Remembered: these records will not be proposed again."))
    return redirect("offenders:person-detail", pk=pk)


def _scored(user, person: Person, other: Person) -> dict:
    """The current score and reasons of the pair, kept with the decision."""
    from .candidates import query_from_person, rank

    persons = list(Person.objects.filter(pk=other.pk).prefetch_related("aliases", "phones", "documents", "addresses"))
    ranked = rank(query_from_person(person), persons, limit=1)
    return {"score": ranked[0].score, "reasons": ranked[0].reasons} if ranked else {}


class _PassThroughRenderer(BaseRenderer):
    """Lets DRF's content negotiation accept any Accept header for a file response."""

    media_type = "*/*"
    format = "file"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        # Only error bodies reach a renderer (files are FileResponses): give them as JSON.
        return json.dumps(data).encode() if not isinstance(data, bytes) else data


def _photo(request, key, attr: str):
    photo = (
        PersonPhoto.objects.filter(key=key, person__in=Person.objects.for_user(request.user, VIEW))
        .only("image", "thumbnail")
        .first()
    )
    if photo is None:
        raise Http404
    return _file_response(getattr(photo, attr), "image/jpeg")


@extend_schema(exclude=True)  # a file, not an API resource
@api_view(["GET"])
@renderer_classes([_PassThroughRenderer])
def photo_view(request, key):
    """A photograph, to logged-in officers (session or API token) who may read the person."""
    return _photo(request, key, "image")


@extend_schema(exclude=True)
@api_view(["GET"])
@renderer_classes([_PassThroughRenderer])
def photo_thumb_view(request, key):
    return _photo(request, key, "thumbnail")


# --------------------------------------------------------------------------- prior records


@login_required
@require_safe
def prior_list(request):
    filterset = PriorRecordFilterSet(request.GET, queryset=selectors.prior_record_list(user=request.user))
    return render(request, "offenders/prior_list.html", {"filter": filterset, "page": _page(request, filterset.qs)})


@login_required
@require_safe
def prior_detail(request, pk: int):
    record = get_scoped_or_404(PriorRecord, request.user, VIEW, pk=pk)
    return render(request, "offenders/prior_detail.html", {"record": record})


@login_required
def prior_create(request):
    """Record a prior record (an arrest elsewhere) for a person chosen by ?person=id."""
    _require_perm(request.user, "offenders.add_priorrecord")
    if not request.GET.get("person", "").isdigit():
        messages.info(request, _("Find the person first, then add the prior record from their page."))
        return redirect("offenders:person-list")
    person = get_scoped_or_404(Person, request.user, VIEW, pk=int(request.GET["person"]))
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


@login_required
def prior_import(request):
    """Upload a CSV of prior records: all rows are saved, or none (bad rows listed with their line)."""
    _require_perm(request.user, "offenders.add_priorrecord")
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
                  {"form": form, "errors": errors, "columns": services.PRIOR_CSV_COLUMNS})


# --------------------------------------------------------------------------- review queue and bail watch


def _require_reviewer(user) -> None:
    # Not revealed to others: a 404, like anything outside a user's reach.
    if not user.has_perm(services.PERM_REVIEW):
        raise Http404


@login_required
@require_safe
def review_queue(request):
    _require_reviewer(request.user)
    return render(request, "offenders/review_queue.html",
                  {"page": _page(request, selectors.review_queue(user=request.user))})


@login_required
def review_detail(request, pk: int):
    """One pending pair side by side, for the cyber crime team to decide."""
    _require_reviewer(request.user)
    decision = get_scoped_or_404(MatchDecision, request.user, VIEW, pk=pk)
    form = DecisionForm(request.POST or None, initial={"other": decision.person_b_id})
    if request.method == "POST" and form.is_valid():
        try:
            services.match_decide(
                actor=request.user, person=decision.person_a, other=decision.person_b,
                verdict=form.cleaned_data["verdict"], note=form.cleaned_data["note"],
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("offenders:review-queue")
    pair = [selectors.person_detail(user=request.user, pk=pk) for pk in (decision.person_a_id, decision.person_b_id)]
    return render(request, "offenders/review_detail.html", {"decision": decision, "pair": pair, "form": form})


@login_required
def decision_undo(request, pk: int):
    """Undo a decision (a link is removed; the pair goes back to the review queue)."""
    decision = get_scoped_or_404(MatchDecision, request.user, VIEW, pk=pk)
    try:
        services.match_check_may_decide(request.user, decision.person_a, decision.person_b)
    except PermissionDenied:
        raise Http404
    if request.method != "POST":
        return render(request, "offenders/decision_undo.html", {"decision": decision})
    services.match_undo(actor=request.user, decision=decision, note=request.POST.get("note", ""))
    messages.success(request, _("Decision undone: the pair is back in the review queue."))
    return redirect("offenders:person-detail", pk=decision.person_a_id)


@login_required
@require_safe
def bail_watch(request):
    """Repeat offenders released on bail, with their last known addresses (every police officer)."""
    _police_only(request.user)
    page = _page(request, selectors.bail_watch(user=request.user))
    rows = [{"person": p, "address": selectors.identity_last_known_address(p)} for p in page]
    return render(request, "offenders/bail_watch.html", {"page": page, "rows": rows})
