"""The complaints card on the call centre's, the person's and the network's pages (registered in
registry.selectors.cards from ComplaintsConfig.ready: the lower apps never import complaints)."""
from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from .models import ComplaintLink
from .selectors import complaints_naming, complaints_summary, may_read

TEMPLATE = "complaints/_card.html"


def _card(user, *, call_centre_ids=(), person_ids=(), query: dict | None = None) -> dict | None:
    if not may_read(user):
        return None
    summary = complaints_summary(complaints_naming(user=user, call_centre_ids=call_centre_ids, person_ids=person_ids))
    list_url = reverse("complaints:list") + "?" + urlencode(query) if query and summary["count"] else ""
    return {"template": TEMPLATE, "summary": summary, "list_url": list_url}


def callcentre_card(*, user, obj) -> dict | None:
    return _card(user, call_centre_ids=[obj.pk], query={"call_centre": obj.pk})


def person_card(*, user, obj) -> dict | None:
    return _card(user, person_ids=[obj.pk], query={"person": obj.pk})


def network_card(*, user, obj) -> dict | None:
    """Complaints naming any call centre or person of the network shown."""
    from offenders.models import Person

    centres = [int(key) for kind, key in obj.nodes if kind == "callcentre" and str(key).isdigit()]
    identities = [int(key) for kind, key in obj.nodes if kind == "person" and str(key).isdigit()]
    persons = list(Person.objects.filter(identity_id__in=identities).values_list("pk", flat=True)) if identities else []
    if not centres and not persons:
        return None
    return _card(user, call_centre_ids=centres, person_ids=persons)


def complaint_risk_condition(today) -> Q:
    """A call centre named by a complaint (the inspection risk factor)."""
    return Q(Exists(ComplaintLink.objects.filter(call_centre_id=OuterRef("pk"))))
