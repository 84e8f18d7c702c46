"""Reads of persons: search, detail, what is known about their individual, repeat offenders, bail watch.

Persons are readable by every police role (city-wide person search, the shared list of repeat
offenders), so what belongs to a readable person's record (their arrests and prior records
anywhere) is read through that person (`person_arrest_history`).

"Repeat offender" is counted per identity: all the records linked as the same individual.
"""
from __future__ import annotations

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from ..matching import normalize_name
from ..models import (
    Arrest,
    IdentityDocument,
    MatchDecision,
    Person,
    PersonAddress,
    PersonAlias,
    PersonPhone,
    PersonPhoto,
    PriorRecord,
)


def _count_for_identity(model) -> Subquery:
    """Rows of `model` (Arrest or PriorRecord) of every record linked to the outer person's identity."""
    rows = (
        model.objects.filter(person__identity_id=OuterRef("identity_id"))
        .order_by()
        .values("person__identity_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_offence_counts(qs: QuerySet[Person]) -> QuerySet[Person]:
    """Annotate arrest_count, prior_count, offence_count and is_repeat (offence_count > 1), per identity."""
    return qs.annotate(
        arrest_count=_count_for_identity(Arrest),
        prior_count=_count_for_identity(PriorRecord),
    ).annotate(
        offence_count=F("arrest_count") + F("prior_count"),
    ).annotate(
        is_repeat=Case(When(offence_count__gt=1, then=Value(True)), default=Value(False)),
    )


def _first_of_identity() -> Subquery:
    return Subquery(Person.objects.filter(identity_id=OuterRef("identity_id")).order_by("pk").values("pk")[:1])


def repeat_offenders(*, user, one_per_identity: bool = True) -> QuerySet[Person]:
    """Persons with more than one arrest or prior record (across linked records), readable by `user`.

    With one_per_identity, each individual appears once (their oldest record); the
    annotations of with_offence_counts are present.
    """
    qs = with_offence_counts(Person.objects.for_user(user)).filter(is_repeat=True)
    if one_per_identity:
        qs = qs.filter(pk=_first_of_identity())
    return qs.select_related("station").order_by("name", "pk")


def person_is_repeat_offender(person: Person) -> bool:
    """True when the person's individual (all linked records) has more than one arrest or prior record."""
    arrests = Arrest.objects.filter(person__identity_id=person.identity_id).count()
    priors = PriorRecord.objects.filter(person__identity_id=person.identity_id).count()
    return arrests + priors > 1


def photo_prefetch() -> Prefetch:
    return Prefetch("photos", queryset=PersonPhoto.objects.order_by("-uploaded_at", "-pk"))


def person_list(*, user) -> QuerySet[Person]:
    """Persons readable by the user with station, offence counts and photos (3 queries with the page count)."""
    return (
        with_offence_counts(Person.objects.for_user(user))
        .select_related("station")
        .prefetch_related(photo_prefetch())
        .order_by("name", "pk")
    )


def person_search(
    qs: QuerySet[Person], *, name: str = "", phone: str = "", aadhaar_last4: str = "", father_name: str = ""
) -> QuerySet[Person]:
    """Filter persons: fuzzy name (and aliases), phone, Aadhaar last four digits, father's name.

    On PostgreSQL names match by trigram similarity (GIN indexes), best first; on SQLite
    every word of the name must appear in the normalised name or an alias.
    """
    from core.phones import normalize_phone

    if phone:
        number = normalize_phone(phone) or "".join(ch for ch in phone if ch.isdigit())
        qs = qs.filter(pk__in=PersonPhone.objects.filter(number__contains=number).values("person_id"))
    if aadhaar_last4:
        qs = qs.filter(
            pk__in=IdentityDocument.objects.filter(kind="aadhaar", last_four=aadhaar_last4).values("person_id")
        )
    for value, field in ((name, "name_key"), (father_name, "father_key")):
        key = normalize_name(value)
        if not key:
            continue
        qs = _fuzzy(qs, field, key, aliases=field == "name_key")
    return qs


def _fuzzy(qs, field: str, key: str, *, aliases: bool):
    if connection.vendor == "postgresql":
        from django.contrib.postgres.lookups import TrigramSimilar
        from django.contrib.postgres.search import TrigramSimilarity

        condition = Q(TrigramSimilar(F(field), Value(key)))
        if aliases:
            # One `pk IN (… UNION ALL …)`, each part on its own trigram index: OR-ing the alias subquery
            # with the name's condition made PostgreSQL read every person (issue 16).
            alias_ids = PersonAlias.objects.filter(TrigramSimilar(F("name_key"), Value(key))).order_by().values("person_id")
            own_ids = Person.objects.filter(condition).order_by().values("pk")
            condition = Q(pk__in=own_ids.union(alias_ids, all=True))
        return (
            qs.filter(condition)
            .annotate(**{f"{field}_similarity": TrigramSimilarity(field, Value(key))})
            .order_by(f"-{field}_similarity", "name", "pk")
        )
    condition = Q()
    for word in key.split():
        word_q = Q(**{f"{field}__contains": word})
        if aliases:
            word_q |= Q(pk__in=PersonAlias.objects.filter(name_key__contains=word).values("person_id"))
        condition &= word_q
    return qs.filter(condition)


def person_detail(*, user, pk: int) -> Person | None:
    """One person readable by the user, with everything recorded about them (constant queries)."""
    return (
        with_offence_counts(Person.objects.for_user(user))
        .select_related("station", "recorded_by")
        .prefetch_related(
            "aliases", "phones", "accounts", "documents", photo_prefetch(),
            Prefetch("addresses", queryset=PersonAddress.objects.order_by("-last_known", "-from_date", "-pk")),
        )
        .filter(pk=pk)
        .first()
    )


def person_arrest_history(person: Person) -> QuerySet[Arrest]:
    """Every arrest of the person's individual (all linked records), at any station, newest first.

    Read through the person: whoever may read the person sees this history (the shared
    list of repeat offenders); the bust's own page stays station-scoped.
    """
    return (
        Arrest.objects.filter(person__identity_id=person.identity_id)
        .select_related("bust", "station", "person")
        .order_by("-arrested_on", "-pk")
    )


def person_prior_records(person: Person) -> QuerySet[PriorRecord]:
    """Every prior record of the person's individual (all linked records), newest first."""
    return (
        PriorRecord.objects.filter(person__identity_id=person.identity_id)
        .select_related("person", "station")
        .order_by(F("arrested_on").desc(nulls_last=True), "-pk")
    )


def person_linked_records(person: Person) -> QuerySet[Person]:
    """The other records linked to the same individual."""
    return Person.objects.filter(identity_id=person.identity_id).exclude(pk=person.pk).select_related("station")


def person_decisions(person: Person) -> QuerySet[MatchDecision]:
    """Every match decision about the person (same, different, pending), with the other record."""
    return (
        MatchDecision.objects.filter(Q(person_a=person) | Q(person_b=person))
        .select_related("person_a__station", "person_b__station", "decided_by")
        .order_by("verdict", "-score")
    )


def last_known_address(addresses) -> PersonAddress | None:
    """The address marked last known, else the most recent one (from prefetched addresses)."""
    addresses = list(addresses)
    return next((a for a in addresses if a.last_known), addresses[0] if addresses else None)


def bail_watch(*, user) -> QuerySet[Person]:
    """Repeat offenders released on bail, latest bail first, one row per individual.

    Annotated with last_bail_date, last_bail_court and last_bail_station (from arrests
    here) and prior_bail_date (bail elsewhere); addresses of every linked record are
    prefetched (`identity.persons.addresses`) for the last known address.
    """
    arrests_on_bail = Arrest.objects.filter(person__identity_id=OuterRef("identity_id"), bail_date__isnull=False).order_by(
        "-bail_date", "-pk"
    )
    priors_on_bail = PriorRecord.objects.filter(
        person__identity_id=OuterRef("identity_id"), bail_date__isnull=False
    ).order_by("-bail_date", "-pk")
    # Start from the bails: the identities with an arrest or a prior record on bail (two indexed scans
    # of the records with a bail date), and only their persons are counted and annotated — not
    # every person of the state with per-row subqueries (issue 16).
    bailed = (
        Arrest.objects.filter(bail_date__isnull=False).order_by().values("person__identity_id")
        .union(PriorRecord.objects.filter(bail_date__isnull=False).order_by().values("person__identity_id"), all=True)
    )
    # ... and of those only the identities that can be repeat offenders: two arrests here (one GROUP BY
    # of the arrests), or a prior record; the exact count (is_repeat) is then checked on these few.
    maybe_repeat = (
        Arrest.objects.order_by().values("person__identity_id").annotate(n=Count("pk")).filter(n__gte=2)
        .values("person__identity_id")
        .union(PriorRecord.objects.order_by().values("person__identity_id"), all=True)
    )
    return (
        repeat_offenders(user=user)
        .filter(identity_id__in=bailed)
        .filter(identity_id__in=maybe_repeat)
        .annotate(
            last_bail_date=Subquery(arrests_on_bail.values("bail_date")[:1]),
            last_bail_court=Subquery(arrests_on_bail.values("bail_court")[:1]),
            last_bail_station=Subquery(arrests_on_bail.values("station__name")[:1]),
            prior_bail_date=Subquery(priors_on_bail.values("bail_date")[:1]),
        )
        .filter(Q(Exists(arrests_on_bail)) | Q(Exists(priors_on_bail)))
        .prefetch_related(
            Prefetch(
                "identity__persons",
                queryset=Person.objects.order_by("pk").prefetch_related(
                    Prefetch("addresses", queryset=PersonAddress.objects.order_by("-last_known", "-from_date", "-pk"))
                ),
            ),
            photo_prefetch(),
        )
        .order_by(F("last_bail_date").desc(nulls_last=True), F("prior_bail_date").desc(nulls_last=True), "pk")
    )


def identity_last_known_address(person: Person) -> PersonAddress | None:
    """The last known address among all records of the person's individual (from bail_watch's prefetch)."""
    best = None
    for record in person.identity.persons.all():
        address = last_known_address(record.addresses.all())
        if address is None:
            continue
        if best is None or (address.last_known, address.from_date or 0, record.pk) > (
            best.last_known, best.from_date or 0, best.person_id
        ):
            best = address
    return best

