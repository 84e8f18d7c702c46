"""Reads of letters: the call centres a request picks, the dispatch register, a letter's page, and
the letters the reminder task is about."""
from __future__ import annotations

from datetime import date

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.access import VIEW
from registry.choices import CallCentreStatus
from registry.models import CallCentre

from ..choices import LetterState
from ..models import Letter, LetterEnclosure, LetterReply

#: Most call centres one request may enclose (a batch is a city's list, not the whole country's).
MAX_PICK = 5000
OPEN_STATES = (LetterState.SENT, LetterState.ACKNOWLEDGED)


class _AsUser:
    """A stand-in request for the call-centre FilterSet (it reads `request.user`)."""

    def __init__(self, user):
        self.user = user


def letters_pick_call_centres(*, user, ids: list[int] | None = None, params=None) -> QuerySet[CallCentre]:
    """The call centres a request picks, in the user's scope: by id, or by the call-centre list's own
    filters (its GET parameters). Merged records are never enclosed."""
    from registry.filters import CallCentreFilterSet  # registry.filters imports verification.selectors

    base = CallCentre.objects.for_user(user, VIEW).exclude(status=CallCentreStatus.MERGED)
    if ids is not None:
        return base.filter(pk__in=ids).order_by("pk")
    filterset = CallCentreFilterSet(params or {}, queryset=base, request=_AsUser(user))
    if not filterset.is_valid():
        return base.none()
    return filterset.qs.order_by("pk")


def enclosure_rows(ids: list[int]) -> list[CallCentre]:
    """The call centres to write into enclosure tables, with premises and phones (three queries)."""
    return list(
        CallCentre.objects.filter(pk__in=ids).select_related("premises").prefetch_related("phones").order_by("name", "pk")
    )


def overdue_q(today: date) -> Q:
    """Sent or acknowledged, and past the due date."""
    return Q(state__in=OPEN_STATES, due_on__lt=today)


def letters_register(*, user, state: str = "", agency: str = "", q: str = "", kind: str = "",
                     today: date | None = None) -> QuerySet[Letter]:
    """The dispatch register in the user's scope, newest first, with what each row shows."""
    today = today or timezone.localdate()
    letters = (
        Letter.objects.for_user(user, VIEW)
        .select_related("agency", "sent_by")
        # A subquery, not a join: a scoped queryset already joins enclosures (only the user's own).
        .annotate(enclosure_count=Coalesce(Subquery(
            LetterEnclosure.objects.filter(letter=OuterRef("pk")).order_by().values("letter")
            .annotate(n=Count("pk")).values("n")[:1]
        ), 0))
        .order_by("-dated", "-pk")
    )
    if state == "overdue":
        letters = letters.filter(overdue_q(today))
    elif state in LetterState.values:
        letters = letters.filter(state=state)
    if agency:
        letters = letters.filter(agency__code=agency)
    if kind:
        letters = letters.filter(kind=kind)
    if q:
        letters = letters.filter(Q(reference__icontains=q) | Q(addressee__icontains=q) | Q(subject__icontains=q)
                                 | Q(dispatch_number__icontains=q))
    return letters


def letter_enclosures(*, user, letter: Letter) -> list[LetterEnclosure]:
    """The enclosed call centres the user may see (an SHO sees their own station's only)."""
    return list(LetterEnclosure.objects.for_user(user, VIEW).filter(letter=letter).order_by("name", "pk"))


def letter_all_enclosures_visible(*, user, letter: Letter) -> bool:
    """Whether the user may see every call centre the letter names (the PDF shows them all)."""
    total = LetterEnclosure.objects.filter(letter=letter).count()
    return total == LetterEnclosure.objects.for_user(user, VIEW).filter(letter=letter).count()


def letter_replies(*, letter: Letter) -> list[LetterReply]:
    return list(letter.replies.select_related("uploaded_by").order_by("uploaded_at", "pk"))


def letters_overdue(*, today: date) -> QuerySet[Letter]:
    """Every letter past its due date (the reminder task: city-wide, run as the system)."""
    return Letter.objects.filter(overdue_q(today)).select_related("agency").order_by("due_on", "pk")


def letter_zone_ids(letter: Letter) -> list[int]:
    """The zones of the stations whose call centres the letter encloses."""
    return sorted(set(
        LetterEnclosure.objects.filter(letter=letter).values_list("call_centre__station__zone_id", flat=True)
    ) - {None})


def letter_reconciliation(*, user, letter: Letter) -> dict | None:
    """The agency's answer list set against the registry (DoT: how many OSP registrations were granted in
    the city and to whom): registrations granted to call centres on the registry, registrations granted to
    operators the registry does not know (to visit), and enclosed call centres the answer does not name.
    None when no answer list was read for the letter."""
    from ..choices import AnswerMatch
    from ..models import AnswerImport

    answer = AnswerImport.objects.filter(letter=letter).order_by("-created_at", "-pk").first()
    if answer is None:
        return None
    granted = [r for r in answer.rows if (r.get("status") or "").strip().lower() in
               {"held", "granted", "registered", "valid", "active", "issued", "yes", "approved"}]
    known = [r for r in granted if r.get("outcome") == AnswerMatch.MATCHED]
    unknown = [r for r in granted if r.get("outcome") != AnswerMatch.MATCHED]
    named = {r.get("call_centre_id") for r in answer.rows if r.get("outcome") == AnswerMatch.MATCHED}
    not_named = [e for e in letter_enclosures(user=user, letter=letter) if e.call_centre_id not in named]
    return {"answer": answer, "rows": len(answer.rows), "granted": len(granted), "known": known,
            "unknown": unknown, "not_named": not_named}
