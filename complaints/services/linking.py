"""Linking complaints' identifiers to what the registry holds, by index lookups only.

For a batch of (complaint, identifier) pairs, `links_for_batch` asks each source ONE query,
whatever the batch's size: call centres' phones, persons' phones, persons' accounts (bank
and UPI), persons' e-mail addresses, busts (of the matched call centres, and websites named in
busts' narratives), and earlier complaints naming the same identifier. No query per row.

Each link records how it was made (`LinkHow`). A complaint links to at most one earlier
complaint per identifier (the first that named it), so a phone named by 300 complaints makes
300 links, not 45,000 pairs.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Min, Q

from offenders.choices import AccountKind
from offenders.models import Bust, Person, PersonAccount, PersonPhone
from registry.models import CallCentrePhone

from ..choices import IdentifierKind, LinkHow
from ..models import ComplaintIdentifier

#: Identifier kind -> how a link through it is described.
HOW = {
    IdentifierKind.PHONE: LinkHow.PHONE, IdentifierKind.BANK: LinkHow.ACCOUNT, IdentifierKind.UPI: LinkHow.UPI,
    IdentifierKind.WEBSITE: LinkHow.WEBSITE, IdentifierKind.EMAIL: LinkHow.EMAIL,
}


@dataclass(frozen=True)
class Named:
    """One identifier named by one complaint of the batch."""

    complaint_id: int
    identifier_id: int
    kind: str
    key: str  # complaints.normalise.match_key


@dataclass
class LinkResult:
    """The link rows to write, and the call centres reached (for the stations' notifications)."""

    rows: list[dict] = field(default_factory=list)
    #: call centre id -> (station id, name, set of complaint ids)
    call_centres: dict[int, tuple[int, str, set[int]]] = field(default_factory=dict)


def _by_key(named: list[Named], kinds: set[str]) -> dict[str, list[Named]]:
    found: dict[str, list[Named]] = defaultdict(list)
    for item in named:
        if item.kind in kinds:
            found[item.key].append(item)
    return found


def links_for_batch(named: list[Named], *, batch_complaints: set[int] | None = None) -> LinkResult:
    """The links of a batch of named identifiers: at most seven queries, whatever the batch's size."""
    result = LinkResult()
    seen: set[tuple] = set()

    def add(item: Named, how: str, **target) -> None:
        key = (item.complaint_id, item.identifier_id, *sorted(target.items()))
        if key not in seen:
            seen.add(key)
            result.rows.append({"complaint_id": item.complaint_id, "identifier_id": item.identifier_id,
                                "how": how, "call_centre_id": None, "person_id": None, "bust_id": None,
                                "other_complaint_id": None, **target})

    phones = _by_key(named, {IdentifierKind.PHONE})
    indian = [key for key in phones if not key.startswith("+")]
    matched_cc: set[int] = set()
    if indian:
        # 1. call centres' phones (merged records are left out: their survivor holds the phone too)
        for number, cc_id, station_id, name in CallCentrePhone.objects.filter(
            number__in=indian, call_centre__merged_into__isnull=True
        ).values_list("number", "call_centre_id", "call_centre__station_id", "call_centre__name"):
            for item in phones[number]:
                add(item, LinkHow.PHONE, call_centre_id=cc_id)
                result.call_centres.setdefault(cc_id, (station_id, name, set()))[2].add(item.complaint_id)
                matched_cc.add(cc_id)
        # 2. persons' phones
        for number, person_id in PersonPhone.objects.filter(number__in=indian).values_list("number", "person_id"):
            for item in phones[number]:
                add(item, LinkHow.PHONE, person_id=person_id)
    accounts = _by_key(named, {IdentifierKind.BANK, IdentifierKind.UPI})
    if accounts:
        # 3. persons' bank accounts (by account number) and UPI ids
        for kind, key, person_id in PersonAccount.objects.filter(
            kind__in=[AccountKind.BANK, AccountKind.UPI], identifier__in=list(accounts)
        ).values_list("kind", "identifier", "person_id"):
            for item in accounts[key]:
                if (kind == AccountKind.UPI) == (item.kind == IdentifierKind.UPI):
                    add(item, HOW[item.kind], person_id=person_id)
    emails = _by_key(named, {IdentifierKind.EMAIL})
    if emails:
        # 4. persons' e-mail addresses (a JSON list on the person)
        condition = Q()
        for email in emails:
            condition |= Q(emails__contains=[email])
        for person_id, person_emails in Person.objects.filter(condition).values_list("pk", "emails"):
            for email in person_emails or []:
                for item in emails.get(str(email).lower(), []):
                    add(item, LinkHow.EMAIL, person_id=person_id)
    websites = _by_key(named, {IdentifierKind.WEBSITE})
    if matched_cc or websites:
        # 5. busts: of the call centres matched above, and those whose narrative names a website
        condition = Q(call_centre_id__in=matched_cc) if matched_cc else Q(pk__in=[])
        if websites:
            pattern = "|".join(re.escape(host) for host in websites)
            condition |= Q(narrative__iregex=rf"(^|[^a-z0-9.-])(www\.)?({pattern})($|[^a-z0-9-])")
        by_cc = defaultdict(list)
        for bust_id, cc_id, narrative in Bust.objects.filter(condition).values_list("pk", "call_centre_id", "narrative"):
            if cc_id in matched_cc:
                by_cc[cc_id].append(bust_id)
            text = (narrative or "").lower()
            for host, items in websites.items():
                if host in text:
                    for item in items:
                        add(item, LinkHow.WEBSITE, bust_id=bust_id)
        for row in list(result.rows):
            for bust_id in by_cc.get(row["call_centre_id"], []):
                item = Named(row["complaint_id"], row["identifier_id"], "", "")
                add(item, LinkHow.BUST, bust_id=bust_id)
    # 6. earlier complaints naming the same identifier (the first of them)
    ids = {item.identifier_id for item in named}
    batch = batch_complaints if batch_complaints is not None else {item.complaint_id for item in named}
    if ids:
        first = dict(
            ComplaintIdentifier.objects.filter(identifier_id__in=ids).exclude(complaint_id__in=batch)
            .values("identifier_id").annotate(first=Min("complaint_id")).values_list("identifier_id", "first")
        )
        # ... or, when none is older than the batch, the batch's own first complaint naming it
        for item in named:
            if item.identifier_id not in first or first[item.identifier_id] > item.complaint_id:
                first.setdefault(item.identifier_id, item.complaint_id)
                first[item.identifier_id] = min(first[item.identifier_id], item.complaint_id)
        for item in named:
            earlier = first.get(item.identifier_id)
            if earlier is not None and earlier != item.complaint_id:
                add(item, HOW[item.kind], other_complaint_id=earlier)
    return result
