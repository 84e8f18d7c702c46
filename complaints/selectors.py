"""Reads of the complaints app: lists and details within the reader's scope, the summaries shown
on call centres', persons' and network pages, and the hot identifiers."""
from __future__ import annotations

from django.db.models import Count, Exists, Max, Min, OuterRef, QuerySet, Sum

from core.access import user_scope

from .choices import IdentifierKind
from .models import Complaint, ComplaintImport, ComplaintLink, Identifier

PERM_VIEW = "complaints.view_complaint"


def may_read(user) -> bool:
    """Police roles holding the read permission; association members see nothing of this app."""
    return user_scope(user).is_police and user.has_perm(PERM_VIEW)


def complaint_list(*, user) -> QuerySet[Complaint]:
    return Complaint.objects.for_user(user).order_by("-reported_on", "-pk")


def complaint_detail(*, user, pk: int) -> Complaint | None:
    return complaint_list(user=user).filter(pk=pk).first()


def complaint_identifiers(complaint: Complaint) -> list[Identifier]:
    return list(complaint.identifiers.order_by("kind", "value"))


def complaint_links(*, user, complaint: Complaint) -> list[ComplaintLink]:
    """The complaint's links; call centres and complaints outside the reader's scope are left out."""
    from registry.models import CallCentre

    links = list(
        complaint.links.select_related("identifier", "call_centre__station", "person", "bust__station", "other_complaint")
        .order_by("pk")
    )
    visible_cc = set(
        CallCentre.objects.for_user(user).filter(pk__in={lk.call_centre_id for lk in links if lk.call_centre_id})
        .values_list("pk", flat=True)
    )
    visible_complaints = set(
        Complaint.objects.for_user(user).filter(pk__in={lk.other_complaint_id for lk in links if lk.other_complaint_id})
        .values_list("pk", flat=True)
    )
    return [lk for lk in links if (lk.call_centre_id is None or lk.call_centre_id in visible_cc)
            and (lk.other_complaint_id is None or lk.other_complaint_id in visible_complaints)]


def complaints_summary(complaints: QuerySet[Complaint]) -> dict:
    """Count, first and last date (one query), countries (one query) and amounts by currency (one query)."""
    base = complaints.order_by()
    head = base.aggregate(count=Count("pk", distinct=True), first=Min("reported_on"), last=Max("reported_on"))
    if not head["count"]:
        return {"count": 0}
    ids = base.values("pk")
    plain = Complaint.objects.filter(pk__in=ids).order_by()
    countries = list(plain.exclude(victim_country="").values("victim_country").annotate(n=Count("pk"))
                     .order_by("-n", "victim_country")[:6])
    amounts = list(plain.filter(amount__isnull=False).values("currency").annotate(total=Sum("amount"))
                   .order_by("-total")[:4])
    return {**head, "countries": countries, "amounts": amounts}


def complaints_naming(*, user, call_centre_ids=None, person_ids=None) -> QuerySet[Complaint]:
    """Complaints within the reader's scope linked to these call centres or persons."""
    links = ComplaintLink.objects.none()
    if call_centre_ids:
        links = ComplaintLink.objects.filter(call_centre_id__in=call_centre_ids)
    if person_ids:
        person_links = ComplaintLink.objects.filter(person_id__in=person_ids)
        links = person_links if not call_centre_ids else links | person_links
    return Complaint.objects.for_user(user).filter(pk__in=links.values("complaint_id"))


def hot_identifiers(*, limit: int = 100) -> QuerySet[Identifier]:
    """Phones, accounts and UPI ids named by the most complaints and tied to no call centre or person."""
    tied = ComplaintLink.objects.filter(identifier_id=OuterRef("pk")).exclude(call_centre__isnull=True, person__isnull=True)
    return (
        Identifier.objects.filter(kind__in=[IdentifierKind.PHONE, IdentifierKind.BANK, IdentifierKind.UPI],
                                  complaint_count__gte=2)
        .exclude(Exists(tied))
        .order_by("-complaint_count", "kind", "value")[:limit]
    )


def import_list(*, user) -> QuerySet[ComplaintImport]:
    return ComplaintImport.objects.for_user(user).select_related("uploaded_by").order_by("-created_at")
