"""Persons as the police recorded them, and the identities that link their records.

A `Person` is one record, made by one station (the recording station). The same
individual is often recorded several times, by several stations or forces, under
several spellings. Records found to be the same individual (MatchDecision SAME) share
one `Identity`; counts such as "repeat offender" are made per identity.

Every police role may read persons (city-wide person search); only the recording
station (or the cyber crime team) may change them.
"""
from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.access import ScopedManager, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel

from ..aadhaar import aadhaar_mask
from ..choices import AccountKind, DocumentKind, Gender, Relation
from ..photos import private_storage

PERSON_SCOPE = ScopePaths(station="station", police_wide=True)
PERSON_PART_SCOPE = ScopePaths(station="person__station", police_wide=True)


class Identity(TimeStampedModel):
    """One individual, as far as the registry knows: the person records linked as the same.

    Every person record has an identity; a confirmed match puts two records (and all
    records already linked to them) under one identity. Identities are rebuilt from
    the SAME decisions (offenders.services.identity_rebuild), so undoing a decision
    splits them again.
    """

    scope_paths = ScopePaths(station="persons__station", police_wide=True, distinct=True)
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("identity")
        verbose_name_plural = _("identities")

    def __str__(self) -> str:
        return f"#{self.pk}"


class Person(TimeStampedModel):
    """A person recorded by the police: "name, s/o father's name, age, address".

    `name_key` and `father_key` are the names in canonical form (offenders.matching.
    normalize_name), indexed for trigram search on PostgreSQL. The date of birth is
    often unknown: an age on a date gives `birth_year` (to within one year).
    """

    station = models.ForeignKey(
        "stations.PoliceStation", verbose_name=_("recording station"), on_delete=models.PROTECT,
        related_name="persons",
    )
    identity = models.ForeignKey(Identity, verbose_name=_("identity"), on_delete=models.PROTECT, related_name="persons")
    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(_("normalised name"), max_length=200, db_index=True, editable=False)
    relation = models.CharField(_("relation"), max_length=3, choices=Relation.choices, blank=True)
    father_name = models.CharField(_("father's or husband's name"), max_length=200, blank=True)
    father_key = models.CharField(_("normalised father's name"), max_length=200, blank=True, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    dob = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, db_index=True)
    age_recorded = models.PositiveSmallIntegerField(_("age when recorded"), null=True, blank=True)
    age_recorded_on = models.DateField(_("age recorded on"), null=True, blank=True)
    emails = models.JSONField(_("e-mail addresses"), default=list, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_paths = PERSON_SCOPE
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                name="person_age_has_date",
                condition=Q(age_recorded__isnull=True) | Q(age_recorded_on__isnull=False),
            ),
            models.CheckConstraint(
                name="person_age_sane", condition=Q(age_recorded__isnull=True) | Q(age_recorded__lte=120)
            ),
        ]
        # The trigram GIN indexes on name_key and father_key are created by migration 0002 on
        # PostgreSQL only (SQLite, the embedded default, has no GIN).

    def __str__(self) -> str:
        if self.father_name:
            return f"{self.name} {self.relation or 's/o'} {self.father_name}"
        return self.name

    def clean(self) -> None:
        errors = {}
        today = timezone.localdate()
        if not (self.name or "").strip():
            errors["name"] = [_("Write the person's name.")]
        if self.dob and self.dob > today:
            errors["dob"] = [_("The date of birth cannot be in the future.")]
        if self.dob and self.dob.year < 1900:
            errors["dob"] = [_("The date of birth is too long ago.")]
        if self.age_recorded is not None and self.age_recorded_on is None:
            errors["age_recorded_on"] = [_("Give the date on which the age was recorded.")]
        if self.age_recorded is not None and self.age_recorded > 120:
            errors["age_recorded"] = [_("The age cannot be more than 120.")]
        if self.age_recorded_on and self.age_recorded_on > today:
            errors["age_recorded_on"] = [_("The date cannot be in the future.")]
        if self.birth_year and not (1900 <= self.birth_year <= today.year):
            errors["birth_year"] = [_("The year of birth is not plausible.")]
        if not isinstance(self.emails, list):
            errors["emails"] = [_("Write the e-mail addresses as a list.")]
        if errors:
            raise ValidationError(errors)

    def age_on(self, on: date | None = None) -> int | None:
        """The person's age on a date (today by default), exact from the date of birth, else approximate."""
        on = on or timezone.localdate()
        if self.dob:
            return on.year - self.dob.year - ((on.month, on.day) < (self.dob.month, self.dob.day))
        if self.birth_year:
            return on.year - self.birth_year
        return None

    @property
    def age(self) -> int | None:
        return self.age_on()

    @property
    def described_as(self) -> str:
        """"Name s/o Father, aged 31" as the police write it."""
        text = str(self)
        age = self.age
        return f"{text}, {age}" if age is not None else text


class PersonAlias(models.Model):
    """Another name the person is known by ("Rinku", "R. K. Sharma")."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("alias"), max_length=200)
    name_key = models.CharField(_("normalised alias"), max_length=200, db_index=True, editable=False)

    scope_paths = PERSON_PART_SCOPE
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")
        constraints = [models.UniqueConstraint(fields=["person", "name_key"], name="unique_alias_per_person")]

    def __str__(self) -> str:
        return self.name


class PersonPhone(models.Model):
    """A phone number the person used, normalised to 10 digits (core.phones)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("phone"), max_length=10, db_index=True)
    note = models.CharField(_("note"), max_length=100, blank=True)

    scope_paths = PERSON_PART_SCOPE
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        constraints = [models.UniqueConstraint(fields=["person", "number"], name="unique_phone_per_person")]

    def __str__(self) -> str:
        return self.number


class PersonAddress(models.Model):
    """An address where the person lived, with dates when known; one may be the last known."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="addresses")
    address = models.CharField(_("address"), max_length=400)
    city = models.CharField(_("city / district"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=100, blank=True)
    from_date = models.DateField(_("from"), null=True, blank=True)
    to_date = models.DateField(_("to"), null=True, blank=True)
    last_known = models.BooleanField(_("last known address"), default=False)

    scope_paths = PERSON_PART_SCOPE
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-last_known", "-from_date", "-pk"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(last_known=True), name="one_last_known_address"),
            models.CheckConstraint(
                name="address_dates_order",
                condition=Q(from_date__isnull=True) | Q(to_date__isnull=True) | Q(to_date__gte=models.F("from_date")),
            ),
        ]

    def __str__(self) -> str:
        return ", ".join(part for part in (self.address, self.city, self.state) if part)

    def clean(self) -> None:
        if self.from_date and self.to_date and self.to_date < self.from_date:
            raise ValidationError({"to_date": _("The end date cannot be before the start date.")})


class PersonAccount(models.Model):
    """A bank account, UPI id or wallet the person used (money trail)."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="accounts")
    kind = models.CharField(_("kind"), max_length=10, choices=AccountKind.choices)
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    ifsc = models.CharField(_("IFSC"), max_length=11, blank=True)
    account_number = models.CharField(_("account number"), max_length=34, blank=True)
    upi_id = models.CharField(_("UPI id"), max_length=100, blank=True)
    identifier = models.CharField(
        _("normalised identifier"), max_length=120, db_index=True, editable=False,
        help_text=_("Account number (digits) or UPI id (lower case), to find the same account elsewhere."),
    )

    scope_paths = PERSON_PART_SCOPE
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        constraints = [models.UniqueConstraint(fields=["person", "kind", "identifier"], name="unique_account_per_person")]

    def __str__(self) -> str:
        if self.kind == AccountKind.UPI:
            return self.upi_id
        return " ".join(part for part in (self.bank_name, self.account_number) if part)


class IdentityDocument(models.Model):
    """An identity document of the person.

    For Aadhaar only `last_four` and `number_hash` (keyed HMAC, offenders.aadhaar) are
    kept: `number` stays empty, which a database constraint enforces. Other documents
    (PAN, passport, voter ID, driving licence) keep the number as given, with
    `number_key` (upper case, no spaces) for lookups.
    """

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=10, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=30, blank=True)
    number_key = models.CharField(_("normalised number"), max_length=30, blank=True, db_index=True, editable=False)
    last_four = models.CharField(_("last four digits"), max_length=4, blank=True, db_index=True, editable=False)
    number_hash = models.CharField(_("keyed hash"), max_length=64, blank=True, db_index=True, editable=False)

    scope_paths = PERSON_PART_SCOPE
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        constraints = [
            models.CheckConstraint(
                name="aadhaar_never_stored_whole",
                condition=~Q(kind=DocumentKind.AADHAAR) | (Q(number="") & ~Q(number_hash="")),
            ),
            models.UniqueConstraint(
                fields=["person", "number_hash"], condition=Q(kind=DocumentKind.AADHAAR), name="unique_aadhaar_per_person"
            ),
            models.UniqueConstraint(
                fields=["person", "kind", "number_key"], condition=~Q(kind=DocumentKind.AADHAAR),
                name="unique_document_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.display_number}"

    @property
    def display_number(self) -> str:
        """What an officer sees: the Aadhaar masked ("XXXX XXXX 1234"), other numbers as given."""
        if self.kind == DocumentKind.AADHAAR:
            return aadhaar_mask(self.last_four)
        return self.number


def _photo_path(instance, filename: str) -> str:
    return f"persons/photos/{filename}"


class PersonPhoto(models.Model):
    """A photograph of the person, re-encoded without metadata (offenders.photos).

    Files have random names and live in private storage: they are served only by
    `offenders:photo` / `offenders:photo-thumb`, which check that the viewer may read the person.
    """

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="photos")
    key = models.UUIDField(_("key"), default=uuid.uuid4, unique=True, editable=False)
    image = models.FileField(_("photograph"), upload_to=_photo_path, storage=private_storage, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=_photo_path, storage=private_storage, max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    scope_paths = PERSON_PART_SCOPE
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("photograph")
        verbose_name_plural = _("photographs")

    def __str__(self) -> str:
        return self.caption or str(self.key)
