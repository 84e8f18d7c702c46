"""Demo enforcement data: about 100 busts over two years in the hotspots, a few hundred persons, prior records.

Deterministic (one seeded RNG; "today" is the only clock, as in registry/demo.py), idempotent
(nothing happens once busts exist) and fast: every table is written with one
`bulk_create_with_history`, so the demo rows are audited like any other.

What it shows (all *illustrative*, DOMAIN.md):
- busts over the last two years, 40 % of them in Udyog Vihar, the rest in Cyber City, Sohna
  Road, DLF Phase 2 and 3, MG Road and Golf Course Road; each raided call centre becomes
  "busted" with a StatusChange on the raid date;
- a few hundred arrested persons written the way different stations write names
  (Mohd/Mohammad, Chaudhary/Choudhary, initials, order, a dropped Kumar or Singh, nicknames,
  sometimes the name in Devanagari); records of the same individual are linked by confirmed
  match decisions, a few wait in the review queue;
- prior records from Delhi, Noida and Ghaziabad, so that about 47 of every 62 busts involve a
  repeat offender; a handful of masterminds recur with their managers and share phones and
  bank accounts with their callers;
- a photograph for most persons, drawn with Pillow (a silhouette with initials) and stored
  through offenders.photos (checked, re-encoded, thumbnail, private storage).

offenders.demo.plan invents it all (nothing saved), offenders.demo.portraits draws the
photographs, and `seed_offenders` below saves the plan.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.audit import current_audit_attrs
from registry.choices import CallCentreStatus
from registry.models import CallCentre, StatusChange
from stations.models import User

from ..aadhaar import aadhaar_parts
from ..choices import AccountKind, DocumentKind, MatchVerdict
from ..matching import normalize_name
from ..models import (
    Arrest,
    Bust,
    Identity,
    IdentityDocument,
    MatchDecision,
    Person,
    PersonAccount,
    PersonAddress,
    PersonAlias,
    PersonPhone,
    PersonPhoto,
    PriorRecord,
)
from ..photos import photo_clean
from .plan import SEED, _Builder, build
from .portraits import silhouette

__all__ = ["SEED", "build", "seed_offenders", "silhouette"]


def _aware(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _save(builder: _Builder, raided: list[tuple[CallCentre, date]]) -> dict[str, int]:
    plan, attrs = builder.plan, current_audit_attrs()
    cyber = User.objects.filter(username="cyber").first()
    bulk_create_with_history(plan.busts, Bust, batch_size=500, custom_historical_attrs=attrs)
    Bust.sections.through.objects.bulk_create([
        Bust.sections.through(bust_id=bust.pk, lawsection_id=section.pk)
        for bust, sections in zip(plan.busts, plan.bust_sections, strict=True) for section in sections
    ])
    # The raided call centres become busted, with the step on their timeline.
    steps = []
    for (centre, raid), bust in zip(raided, plan.busts, strict=True):
        steps.append(StatusChange(
            call_centre_id=centre.pk, from_status=centre.status, to_status=CallCentreStatus.BUSTED,
            changed_at=_aware(raid, 23), changed_by=bust.recorded_by, reason=f"Raided: FIR {bust.fir_number} of {raid}",
        ))
        centre.status = CallCentreStatus.BUSTED
    bulk_create_with_history(steps, StatusChange, batch_size=500, custom_historical_attrs=attrs)
    bulk_update_with_history(plan.centres, CallCentre, ["status"], batch_size=500, custom_historical_attrs=attrs)

    identities = [Identity() for _ in range(plan.identities)]
    bulk_create_with_history(identities, Identity, batch_size=1000, custom_historical_attrs=attrs)
    persons = []
    for record in plan.records:
        person = record.individual
        father_key = normalize_name(person.father)
        exact = builder.rng.random() < 0.4
        persons.append(Person(
            station_id=record.station_id, identity_id=identities[record.identity].pk, name=record.name,
            name_key=normalize_name(record.name)[:200], relation="d/o" if person.gender == "F" else "s/o",
            father_name=person.father, father_key=father_key[:200], gender=person.gender,
            dob=person.birth if exact else None, birth_year=person.birth.year if exact else None,
            age_recorded=None if exact else (record.recorded_on - person.birth).days // 365,
            age_recorded_on=None if exact else record.recorded_on,
        ))
        if not exact:
            persons[-1].birth_year = record.recorded_on.year - persons[-1].age_recorded
    bulk_create_with_history(persons, Person, batch_size=1000, custom_historical_attrs=attrs)
    _save_parts(builder, persons, attrs)

    arrests = [
        Arrest(person_id=persons[record].pk, bust_id=plan.busts[bust].pk, station_id=plan.busts[bust].station_id,
               arrested_on=plan.busts[bust].raid_date, recorded_by=plan.busts[bust].recorded_by, **fields)
        for bust, record, fields in plan.arrests
    ]
    arrests = list({(a.person_id, a.bust_id): a for a in arrests}.values())  # one arrest per person and bust
    bulk_create_with_history(arrests, Arrest, batch_size=1000, custom_historical_attrs=attrs)
    priors = [
        PriorRecord(person_id=persons[record].pk, station_id=persons[record].station_id, **fields)
        for record, fields in plan.priors
    ]
    bulk_create_with_history(priors, PriorRecord, batch_size=1000, custom_historical_attrs=attrs)
    decisions = []
    for a, b, verdict, when in plan.decisions:
        first, second = sorted((persons[a].pk, persons[b].pk))
        decided = verdict == MatchVerdict.SAME
        decisions.append(MatchDecision(
            person_a_id=first, person_b_id=second, verdict=verdict, score=round(0.93 if decided else 0.7, 2),
            reasons=["similar name", "same father's name", "birth years agree"],
            decided_by=cyber if decided else None, decided_at=_aware(when + timedelta(days=3)) if decided else None,
        ))
    decisions = list({(d.person_a_id, d.person_b_id): d for d in decisions}.values())
    bulk_create_with_history(decisions, MatchDecision, batch_size=1000, custom_historical_attrs=attrs)
    return {"busts": len(plan.busts), "persons": len(persons), "arrests": len(arrests), "priors": len(priors),
            "decisions": len(decisions)}


def _save_parts(builder: _Builder, persons: list[Person], attrs: dict) -> None:
    """Aliases, phones, addresses, accounts, Aadhaar (last four + keyed hash) and photographs of each record."""
    aliases, phones, addresses, accounts, documents, photos = [], [], [], [], [], []
    for record, person in zip(builder.plan.records, persons, strict=True):
        individual = record.individual
        for alias in dict.fromkeys(record.aliases):
            key = normalize_name(alias)[:200]
            if key and key != person.name_key:
                aliases.append(PersonAlias(person_id=person.pk, name=alias, name_key=key))
        for number in dict.fromkeys(record.phones):
            phones.append(PersonPhone(person_id=person.pk, number=number))
        street, city = individual.address.rsplit(", ", 1)
        addresses.append(PersonAddress(person_id=person.pk, address=street, city=city, last_known=True))
        for kind, bank, number in dict.fromkeys(individual.accounts):
            upi = kind == AccountKind.UPI
            accounts.append(PersonAccount(
                person_id=person.pk, kind=kind, bank_name=bank, account_number="" if upi else number,
                upi_id=number if upi else "", identifier=number,
            ))
        if individual.aadhaar and builder.rng.random() < 0.7:
            last_four, digest = aadhaar_parts(individual.aadhaar)
            documents.append(IdentityDocument(
                person_id=person.pk, kind=DocumentKind.AADHAAR, last_four=last_four, number_hash=digest
            ))
        if record.photo:
            photos.append(_photo(person, individual.n))
    for rows, model in ((aliases, PersonAlias), (phones, PersonPhone), (addresses, PersonAddress),
                        (accounts, PersonAccount), (documents, IdentityDocument), (photos, PersonPhoto)):
        bulk_create_with_history(rows, model, batch_size=1000, custom_historical_attrs=attrs)


def _photo(person: Person, n: int) -> PersonPhoto:
    """A drawn portrait, checked and re-encoded by offenders.photos like any upload, written to private storage."""
    from django.core.files.base import ContentFile

    clean = photo_clean(ContentFile(silhouette(person.name, n), name="portrait.png"))
    photo = PersonPhoto(person_id=person.pk, key=clean.key, width=clean.width, height=clean.height,
                        caption="Demo portrait")
    photo.image.save(clean.image.name, clean.image, save=False)
    photo.thumbnail.save(clean.thumbnail.name, clean.thumbnail, save=False)
    return photo


def _repeat_share() -> tuple[int, int]:
    """(busts with someone arrested more than once anywhere, busts with arrests), per identity as the registry counts."""
    offences: Counter = Counter()
    for identity in Arrest.objects.values_list("person__identity_id", flat=True):
        offences[identity] += 1
    for identity in PriorRecord.objects.values_list("person__identity_id", flat=True):
        offences[identity] += 1
    with_repeat = set()
    busts = set()
    for bust, identity in Arrest.objects.values_list("bust_id", "person__identity_id"):
        busts.add(bust)
        if offences[identity] > 1:
            with_repeat.add(bust)
    return len(with_repeat), len(busts)


def seed_offenders(stdout=None) -> dict[str, int]:
    """Create the demo busts, persons, arrests, prior records and matches (skipped when busts exist).

    Run inside the caller's transaction and audit context, after the call centres are seeded.
    """
    if Bust.objects.exists() or not CallCentre.objects.exists():
        return {}
    rng = random.Random(SEED)
    builder, raided = build(rng, timezone.localdate())
    if not raided:
        return {}
    counts = _save(builder, raided)
    repeat, total = _repeat_share()
    counts.update(repeat_busts=repeat)
    if stdout is not None:
        stdout.write(
            f"Offenders: {counts['busts']} busts, {counts['persons']} person records, {counts['arrests']} arrests, "
            f"{counts['priors']} prior records; {repeat} of {total} busts involve a repeat offender."
        )
    return counts

