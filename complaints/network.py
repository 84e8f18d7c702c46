"""Complaint nodes of the offenders network (registered with offenders.selectors.network from
ComplaintsConfig.ready): complaints naming a call centre, a person, a phone or an account, and
from a complaint the call centres, persons, phones and accounts it names. Complaints outside the
officer's scope are never shown (resolved through `Complaint.objects.for_user`)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from .choices import IdentifierKind
from .models import Complaint, ComplaintIdentifier, ComplaintLink
from .selectors import may_read

COMPLAINT = "complaint"
#: Complaints fetched per kind of frontier and hop (the walk's node cap then applies).
PER_HOP = 60


def _named() -> str:
    return _g("named in complaint")


def complaint_links(user, ids: dict[str, list[str]]) -> list:
    """At most four queries per hop: complaints of the frontier's call centres, persons, phones and accounts,
    and what the frontier's complaints name."""
    if not may_read(user):
        return []
    links = []
    centres = [int(k) for k in ids.get("callcentre", [])]
    if centres:
        for centre, complaint in ComplaintLink.objects.filter(call_centre_id__in=centres).order_by(
                "-complaint__reported_on").values_list("call_centre_id", "complaint_id")[:PER_HOP]:
            links.append((("callcentre", str(centre)), (COMPLAINT, str(complaint)), _named()))
    identities = [int(k) for k in ids.get("person", [])]
    if identities:
        for identity, complaint in ComplaintLink.objects.filter(person__identity_id__in=identities).order_by(
                "-complaint__reported_on").values_list("person__identity_id", "complaint_id")[:PER_HOP]:
            links.append((("person", str(identity)), (COMPLAINT, str(complaint)), _named()))
    keys = {("phone", k) for k in ids.get("phone", [])} | {("account", k) for k in ids.get("account", [])}
    if keys:
        for kind, key, complaint in ComplaintIdentifier.objects.filter(
            identifier__kind__in=[IdentifierKind.PHONE, IdentifierKind.BANK, IdentifierKind.UPI],
            identifier__key__in={k for _kind, k in keys},
        ).order_by("-complaint__reported_on").values_list("identifier__kind", "identifier__key", "complaint_id")[:PER_HOP]:
            node = ("phone" if kind == IdentifierKind.PHONE else "account", key)
            if node in keys:
                links.append((node, (COMPLAINT, str(complaint)), _named()))
    complaints = [int(k) for k in ids.get(COMPLAINT, [])]
    if complaints:
        for complaint, centre, identity in ComplaintLink.objects.filter(complaint_id__in=complaints).exclude(
            call_centre__isnull=True, person__isnull=True
        ).values_list("complaint_id", "call_centre_id", "person__identity_id"):
            target = ("callcentre", str(centre)) if centre else ("person", str(identity))
            links.append(((COMPLAINT, str(complaint)), target, _named()))
        for complaint, kind, key in ComplaintIdentifier.objects.filter(
            complaint_id__in=complaints,
            identifier__kind__in=[IdentifierKind.PHONE, IdentifierKind.BANK, IdentifierKind.UPI],
        ).values_list("complaint_id", "identifier__kind", "identifier__key"):
            if kind == IdentifierKind.PHONE and key.startswith("+"):
                continue  # foreign numbers have no network of their own
            node = ("phone" if kind == IdentifierKind.PHONE else "account", key)
            links.append(((COMPLAINT, str(complaint)), node, _named()))
    return links


def complaint_nodes(user, keys: list[str]) -> dict:
    """Nodes of the complaints the officer may read (one query)."""
    from offenders.selectors.network import Node

    if not may_read(user):
        return {}
    out = {}
    for complaint in Complaint.objects.for_user(user).filter(pk__in=[int(k) for k in keys]):
        key = str(complaint.pk)
        detail = " · ".join(part for part in (complaint.reported_on.strftime("%d/%m/%Y"), complaint.victim_country) if part)
        out[(COMPLAINT, key)] = Node(COMPLAINT, key, f"{complaint.get_source_display()} {complaint.reference}",
                                     detail=detail, url=reverse("complaints:detail", args=[complaint.pk]))
    return out


def network_kind():
    from offenders.selectors.network import NetworkKind

    return NetworkKind(kind=COMPLAINT, label=_("Complaint"), colour="#d35400", letter="!",
                       links=complaint_links, resolve=complaint_nodes)
