"""Pages of matching: a person's possible matches, same / not the same, the review queue, undoing a decision."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import CHANGE, VIEW, access_logged, get_scoped_or_404
from core.accounts.reauth import reauth_fresh, reauth_redirect
from core.numbers import parse_int
from core.permissions import police_required, require

from .. import selectors, services
from ..candidates import LIKELY_MATCH, REVIEW_MIN, find_candidates, query_from_person, rank
from ..choices import MatchVerdict
from ..forms import DecisionForm
from ..models import Bust, MatchDecision, Person
from ..services.matches import PERM_DECIDE, PERM_REVIEW
from .common import page_of


def _decide_target(user, person: Person, candidate: Person) -> int | None:
    """The record through whose decide URL this user may decide the pair (theirs), or None."""
    if user.has_perm(PERM_REVIEW):
        return person.pk
    if not user.has_perm(PERM_DECIDE):
        return None
    changeable = set(
        Person.objects.for_user(user, CHANGE).filter(pk__in=[person.pk, candidate.pk]).values_list("pk", flat=True)
    )
    if person.pk in changeable:
        return person.pk
    return candidate.pk if candidate.pk in changeable else None


def _bust_back_link(request) -> int | None:
    """The bust the officer came from (?bust=id), if it is a bust they may see."""
    bust_id = parse_int(request.GET.get("bust"))
    if bust_id is None:
        return None
    return Bust.objects.for_user(request.user, VIEW).filter(pk=bust_id).values_list("pk", flat=True).first()


@police_required
@require_safe
@access_logged("person")
def person_matches(request, pk: int):
    """The persons who may be the same individual, with scores and reasons, to confirm or reject."""
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
    action = VIEW if request.user.has_perm(PERM_REVIEW) else CHANGE
    person = get_scoped_or_404(Person, request.user, action, pk=pk)
    require(request.user, PERM_DECIDE)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose “same person” or “not the same person”."))
        return redirect("offenders:person-matches", pk=pk)
    other = get_scoped_or_404(Person, request.user, VIEW, pk=form.cleaned_data["other"])
    if form.cleaned_data["verdict"] == MatchVerdict.SAME and not reauth_fresh(request):
        return reauth_redirect(request)  # merging two persons needs a recent password (and code)
    try:
        services.match_decide(actor=request.user, person=person, other=other, verdict=form.cleaned_data["verdict"],
                              note=form.cleaned_data["note"], **_scored(request.user, person, other))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("offenders:person-matches", pk=pk)
    if form.cleaned_data["verdict"] == MatchVerdict.SAME:
        messages.success(request, _("Linked: the two records are now one individual."))
    else:
        messages.success(request, _("Remembered: these records will not be proposed again."))
    return redirect("offenders:person-detail", pk=pk)


def _scored(user, person: Person, other: Person) -> dict:
    """The current score and reasons of the pair, kept with the decision."""
    persons = list(Person.objects.filter(pk=other.pk).prefetch_related("aliases", "phones", "documents", "addresses"))
    ranked = rank(query_from_person(person), persons, limit=1)
    return {"score": ranked[0].score, "reasons": ranked[0].reasons} if ranked else {}


@login_required
@require_safe
def review_queue(request):
    require(request.user, PERM_REVIEW)
    return render(request, "offenders/review_queue.html",
                  {"page": page_of(request, selectors.review_queue(user=request.user))})


@login_required
@access_logged("match")
def review_detail(request, pk: int):
    """One pending pair side by side, for the cyber crime team to decide."""
    require(request.user, PERM_REVIEW)
    decision = get_scoped_or_404(MatchDecision, request.user, VIEW, pk=pk)
    form = DecisionForm(request.POST or None, initial={"other": decision.person_b_id})
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["verdict"] == MatchVerdict.SAME and not reauth_fresh(request):
            return reauth_redirect(request)  # merging two persons needs a recent password (and code)
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
    services.match_check_may_decide(request.user, decision.person_a, decision.person_b)  # 403 if not
    if request.method != "POST":
        return render(request, "offenders/decision_undo.html", {"decision": decision})
    services.match_undo(actor=request.user, decision=decision, note=request.POST.get("note", ""))
    messages.success(request, _("Decision undone: the pair is back in the review queue."))
    return redirect("offenders:person-detail", pk=decision.person_a_id)

