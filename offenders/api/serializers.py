"""Serializers of /api/busts/, /api/arrests/, /api/persons/, /api/prior-records/ and /api/persons/match/.

Reads are ModelSerializers over the selectors' rows; writes are validated here and passed
to the services (offenders/services/), never to `.save()`. Aadhaar numbers are
write-only, never echoed in an error, and read back only as "XXXX XXXX 1234".
"""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.access import CHANGE, VIEW
from core.numbers import parse_int
from stations.models import PoliceStation

from ..aadhaar import INVALID_MESSAGE, aadhaar_validate
from ..candidates import LIKELY_MATCH, REVIEW_MIN
from ..choices import ArrestRole, Force, Gender, ModusOperandi, Relation
from ..models import Arrest, Bust, LawSection, Person, PriorRecord


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A related row by id, among those the caller may see (or change)."""

    def __init__(self, model, action=VIEW, **kwargs):
        self.model, self.action = model, action
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.model.objects.for_user(self.context["request"].user, self.action)


@extend_schema_field(OpenApiTypes.STR)
class StationField(serializers.SlugRelatedField):
    """A station by code, among those the caller may write for (city-wide roles choose)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="code", **kwargs)

    def get_queryset(self):
        return PoliceStation.objects.for_user(self.context["request"].user, CHANGE)


class AadhaarInputField(serializers.CharField):
    """A 12-digit Aadhaar number in, digits out; the error message never repeats it."""

    default_error_messages = {"invalid_aadhaar": INVALID_MESSAGE}

    def __init__(self, **kwargs):
        kwargs.setdefault("write_only", True)
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("style", {"input_type": "password"})
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not value:
            return ""
        try:
            return aadhaar_validate(value)
        except Exception:
            self.fail("invalid_aadhaar")


class StringListField(serializers.ListField):
    """A list of strings, or one comma-separated string."""

    child = serializers.CharField(max_length=254)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = [part for part in data.split(",") if part.strip()]
        return super().to_internal_value(data)


# --------------------------------------------------------------------------- busts


class BustDocumentLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return reverse("offenders:bust-document", args=[obj.pk])


class BustSerializer(serializers.ModelSerializer):
    """A bust (read); writes through `BustWriteSerializer`."""

    station = serializers.SlugRelatedField(slug_field="code", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True)
    call_centre_name = serializers.CharField(source="call_centre.name", read_only=True, default="")
    sections = serializers.SerializerMethodField()
    arrest_count = serializers.IntegerField(read_only=True)
    documents = BustDocumentLinkSerializer(many=True, read_only=True)

    class Meta:
        model = Bust
        fields = [
            "id", "station", "station_name", "fir_number", "fir_year", "raid_date", "call_centre", "call_centre_name",
            "place", "sections", "modus_operandi", "victim_count", "victim_countries", "money_involved",
            "computers_seized", "phones_seized", "sim_cards_seized", "cash_seized", "narrative", "arrest_count",
            "documents", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_sections(self, obj) -> list[str]:
        return [str(section) for section in obj.sections.all()]


@extend_schema_field(OpenApiTypes.STR)
class LawSectionField(serializers.RelatedField):
    """A section of law by id or as written: "IPC 420", "BNS 318(4)", "IT Act 66D"."""

    default_error_messages = {"unknown": _("Unknown section of law “{value}”.")}

    def get_queryset(self):
        return LawSection.objects.all()

    def to_internal_value(self, data):
        if (pk := parse_int(data)) is not None:
            found = LawSection.objects.filter(pk=pk).first()
        elif isinstance(data, str) and "\x00" not in data:  # PostgreSQL refuses NUL in a query
            code, _sep, section = " ".join(data.split()).rpartition(" ")
            found = LawSection.objects.filter(code__iexact=code, section__iexact=section).first()
        else:
            found = None
        if found is None:
            self.fail("unknown", value=str(data)[:40])
        return found

    def to_representation(self, value):
        return str(value)


class BustWriteSerializer(serializers.Serializer):
    station = StationField(required=False)
    fir_number = serializers.CharField(max_length=12)
    raid_date = serializers.DateField()
    call_centre = serializers.IntegerField(required=False, allow_null=True)
    place = serializers.CharField(max_length=400, required=False, allow_blank=True)
    sections = serializers.ListField(child=LawSectionField(), required=False)
    modus_operandi = serializers.ListField(child=serializers.ChoiceField(choices=ModusOperandi.choices), required=False)
    victim_count = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    victim_countries = StringListField(required=False)
    money_involved = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False,
                                              allow_null=True)
    computers_seized = serializers.IntegerField(min_value=0, required=False)
    phones_seized = serializers.IntegerField(min_value=0, required=False)
    sim_cards_seized = serializers.IntegerField(min_value=0, required=False)
    cash_seized = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, required=False)
    narrative = serializers.CharField(required=False, allow_blank=True)

    def validate_call_centre(self, value):
        if value is None:
            return None
        from registry.models import CallCentre

        found = CallCentre.objects.for_user(self.context["request"].user, CHANGE).filter(pk=value).first()
        if found is None:
            raise serializers.ValidationError(_("Unknown call centre in your jurisdiction."))
        return found


# --------------------------------------------------------------------------- arrests and prior records


class ArrestSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    bust_fir = serializers.CharField(source="bust.fir_number", read_only=True)
    station = serializers.SlugRelatedField(slug_field="code", read_only=True)
    person = ScopedPrimaryKeyField(Person, VIEW)
    bust = ScopedPrimaryKeyField(Bust, CHANGE)
    arrested_on = serializers.DateField(required=False)
    role = serializers.ChoiceField(choices=ArrestRole.choices, required=False)

    class Meta:
        model = Arrest
        fields = [
            "id", "person", "person_name", "bust", "bust_fir", "station", "arrested_on", "role", "bail_date",
            "bail_court", "released_on", "notes", "created_at",
        ]
        read_only_fields = ["id", "person_name", "bust_fir", "station", "created_at"]


class PriorRecordSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    station = serializers.SlugRelatedField(slug_field="code", read_only=True)
    person = ScopedPrimaryKeyField(Person, VIEW)
    force = serializers.ChoiceField(choices=Force.choices)

    class Meta:
        model = PriorRecord
        fields = [
            "id", "person", "person_name", "station", "force", "city", "police_station", "fir_number", "sections",
            "arrested_on", "role", "bail_date", "notes", "source", "created_at",
        ]
        read_only_fields = ["id", "person_name", "station", "source", "created_at"]


# --------------------------------------------------------------------------- persons


class PersonSerializer(serializers.ModelSerializer):
    """A person (read): Aadhaar masked, photographs as access-checked links."""

    station = serializers.SlugRelatedField(slug_field="code", read_only=True)
    aliases = serializers.SerializerMethodField()
    phones = serializers.SerializerMethodField()
    addresses = serializers.SerializerMethodField()
    accounts = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()
    relation = serializers.ChoiceField(choices=Relation.choices, allow_blank=True, read_only=True)
    gender = serializers.ChoiceField(choices=Gender.choices, allow_blank=True, read_only=True)
    age = serializers.IntegerField(read_only=True, allow_null=True)
    arrest_count = serializers.IntegerField(read_only=True)
    prior_count = serializers.IntegerField(read_only=True)
    is_repeat_offender = serializers.BooleanField(source="is_repeat", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id", "station", "identity", "name", "aliases", "relation", "father_name", "gender", "dob", "birth_year",
            "age", "emails", "phones", "addresses", "accounts", "documents", "photos", "notes", "arrest_count",
            "prior_count", "is_repeat_offender", "url", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_aliases(self, obj) -> list[str]:
        return [a.name for a in obj.aliases.all()]

    def get_phones(self, obj) -> list[str]:
        return [p.number for p in obj.phones.all()]

    def get_addresses(self, obj) -> list[dict]:
        return [
            {"address": a.address, "city": a.city, "state": a.state, "from": a.from_date, "to": a.to_date,
             "last_known": a.last_known}
            for a in obj.addresses.all()
        ]

    def get_accounts(self, obj) -> list[dict]:
        return [
            {"kind": a.kind, "bank": a.bank_name, "ifsc": a.ifsc, "account_number": a.account_number, "upi_id": a.upi_id}
            for a in obj.accounts.all()
        ]

    def get_documents(self, obj) -> list[dict]:
        return [{"kind": d.kind, "number": d.display_number} for d in obj.documents.all()]

    def get_photos(self, obj) -> list[dict]:
        request = self.context.get("request")
        out = []
        for photo in obj.photos.all():
            links = {
                "url": reverse("offenders:photo", args=[photo.key]),
                "thumbnail_url": reverse("offenders:photo-thumb", args=[photo.key]),
            }
            if request is not None:
                links = {k: request.build_absolute_uri(v) for k, v in links.items()}
            out.append({**links, "caption": photo.caption, "width": photo.width, "height": photo.height})
        return out

    def get_url(self, obj) -> str:
        return reverse("offenders:person-detail", args=[obj.pk])


class PersonWriteSerializer(serializers.Serializer):
    """A new person (POST) or changes to their own fields (PATCH)."""

    station = StationField(required=False)
    name = serializers.CharField(max_length=200)
    aliases = StringListField(required=False)
    relation = serializers.ChoiceField(choices=Relation.choices, required=False, allow_blank=True)
    father_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    dob = serializers.DateField(required=False, allow_null=True)
    age = serializers.IntegerField(min_value=1, max_value=120, required=False, allow_null=True)
    age_on = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    phones = StringListField(required=False)
    emails = StringListField(required=False)
    address = serializers.CharField(max_length=400, required=False, allow_blank=True)
    city = serializers.CharField(max_length=100, required=False, allow_blank=True)
    state = serializers.CharField(max_length=100, required=False, allow_blank=True)
    aadhaar = AadhaarInputField()
    pan = serializers.CharField(max_length=10, required=False, allow_blank=True)
    passport = serializers.CharField(max_length=12, required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)

    CREATE_ONLY = ("station", "aliases", "phones", "address", "city", "state", "aadhaar", "pan", "passport")


class MatchQuerySerializer(serializers.Serializer):
    """A person's details, to find who among all persons they may be (nothing is stored)."""

    name = serializers.CharField(max_length=200)
    aliases = StringListField(required=False)
    father_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    dob = serializers.DateField(required=False, allow_null=True)
    birth_year = serializers.IntegerField(min_value=1900, max_value=2100, required=False, allow_null=True)
    age = serializers.IntegerField(min_value=1, max_value=120, required=False, allow_null=True)
    age_on = serializers.DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    phones = StringListField(required=False)
    aadhaar = AadhaarInputField()
    pan = serializers.CharField(max_length=10, required=False, allow_blank=True)
    passport = serializers.CharField(max_length=12, required=False, allow_blank=True)
    address = serializers.CharField(max_length=400, required=False, allow_blank=True)
    limit = serializers.IntegerField(min_value=1, max_value=50, required=False, default=10)

    def validate_phones(self, value):
        from core.phones import normalize_phone

        numbers, bad = [], []
        for item in value:
            number = normalize_phone(item)
            (numbers if number else bad).append(number or item)
        if bad:
            raise serializers.ValidationError(_("Not a valid phone number: %(n)s") % {"n": ", ".join(bad)})
        return numbers


class CandidateSerializer(serializers.Serializer):
    person = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()
    band = serializers.CharField()
    reasons = serializers.ListField(child=serializers.CharField())
    decision = serializers.SerializerMethodField()

    def get_person(self, obj) -> dict:
        person = obj.person
        return {
            "id": person.pk, "name": person.name, "father_name": person.father_name, "birth_year": person.birth_year,
            "station": person.station.code, "url": reverse("offenders:person-detail", args=[person.pk]),
        }

    def get_score(self, obj) -> float:
        return round(obj.score, 4)

    def get_decision(self, obj) -> str | None:
        return obj.decision.verdict if obj.decision else None


THRESHOLDS = {"likely": LIKELY_MATCH, "review": REVIEW_MIN}


class MatchResultSerializer(serializers.Serializer):
    """The answer of /api/persons/match/: the score bands' thresholds and the candidates, best first."""

    thresholds = serializers.DictField(child=serializers.FloatField())
    candidates = CandidateSerializer(many=True)
