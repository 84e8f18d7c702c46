"""Serializers of /api/call-centres/ and /api/premises/.

Reads are ModelSerializers over the selectors' annotated rows; writes are plain serializers
whose validated data goes to the services (registry/services/), never to `.save()`.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.numbers import parse_int
from stations.models import Locality, PoliceStation

from ..addresses import LocalityIndex
from ..choices import STATUS_TRANSITIONS, CallCentreSource, CallCentreStatus, Direction, Service
from ..models import CallCentre, Premises, StatusChange
from ..selectors.licences import licence_state_of


class FlagsSerializer(serializers.Serializer):
    quick_vacate = serializers.BooleanField(source="flag_quick_vacate", read_only=True,
                                            help_text=_("Vacated a premises within six months of starting"))
    shared_premises = serializers.BooleanField(source="flag_shared_premises", read_only=True,
                                               help_text=_("The premises hosted several call centres"))
    busy_landlord = serializers.BooleanField(source="flag_busy_landlord", read_only=True,
                                             help_text=_("The landlord lets to several premises or call centres"))


class CallCentreSerializer(serializers.ModelSerializer):
    """A call centre as the registry knows it (read)."""

    station = serializers.SlugRelatedField(slug_field="code", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True)
    zone = serializers.CharField(source="station.zone.code", read_only=True)
    address = serializers.CharField(source="premises.address_raw", read_only=True, default="")
    locality = serializers.CharField(source="premises.locality.name", read_only=True, default="")
    phones = serializers.SerializerMethodField()
    flags = FlagsSerializer(source="*", read_only=True)
    licence_state = serializers.SerializerMethodField(help_text=_("unchecked, pending, lacking or in_order"))

    class Meta:
        model = CallCentre
        fields = [
            "id", "name", "trading_names", "company_name", "company_registration", "station", "station_name", "zone",
            "premises", "address", "locality", "phones", "direction", "service", "markets", "languages", "seats",
            "shift_start", "shift_end", "night_shift", "started_on", "ended_on", "source", "status", "merged_into",
            "notes", "flags", "licence_state", "created_at", "updated_at",
        ]
        read_only_fields = fields

    def get_phones(self, obj) -> list[str]:
        return [p.number for p in obj.phones.all()]

    def get_licence_state(self, obj) -> str:
        if hasattr(obj, "licence_state"):  # annotated by callcentre_list
            return obj.licence_state
        return licence_state_of(obj.pk)  # a record just written


@extend_schema_field(OpenApiTypes.STR)
class LocalityField(serializers.Field):
    """A locality by its name or any alias ("UV-3" = "Udyog Vihar Phase III"), or its id,
    among the localities of the caller's jurisdiction."""

    default_error_messages = {"unknown": _("Unknown locality “{value}” in your jurisdiction.")}

    def to_internal_value(self, data):
        user = self.context["request"].user
        localities = Locality.objects.for_user(user)
        if (pk := parse_int(data)) is not None:
            found = localities.filter(pk=pk).first()
        elif isinstance(data, str):
            found = LocalityIndex(localities.only("pk", "name", "aliases")).resolve(data)
            found = localities.select_related("station").get(pk=found.pk) if found else None
        else:
            found = None
        if found is None:
            self.fail("unknown", value=data)
        return found

    def to_representation(self, value):
        return value.name


@extend_schema_field(OpenApiTypes.STR)
class StationCodeField(serializers.SlugRelatedField):
    def get_queryset(self):
        return PoliceStation.objects.for_user(self.context["request"].user)


class ProfileSerializer(serializers.Serializer):
    """Fields shared by create and update."""

    trading_names = serializers.CharField(required=False, allow_blank=True, max_length=400)
    company_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    company_registration = serializers.CharField(required=False, allow_blank=True, max_length=50)
    phones = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, max_length=50,
        help_text=_("Phone numbers as written (+91, 0, spaces and dashes are fine); stored as 10 digits."),
    )
    direction = serializers.ChoiceField(choices=Direction.choices, required=False, allow_blank=True)
    service = serializers.ChoiceField(choices=Service.choices, required=False, allow_blank=True)
    markets = serializers.ListField(child=serializers.CharField(max_length=60), required=False, max_length=50)
    languages = serializers.ListField(child=serializers.CharField(max_length=60), required=False, max_length=50)
    seats = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100000)
    shift_start = serializers.TimeField(required=False, allow_null=True)
    shift_end = serializers.TimeField(required=False, allow_null=True)
    started_on = serializers.DateField(required=False, allow_null=True)
    source = serializers.ChoiceField(choices=CallCentreSource.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    station = StationCodeField(
        slug_field="code", required=False, allow_null=True,
        help_text=_("Station code; only the cyber crime team may set a station other than the locality's."),
    )


class CallCentreCreateSerializer(ProfileSerializer):
    """Register a call centre (goes through `callcentre_register`)."""

    name = serializers.CharField(max_length=200)
    address = serializers.CharField(max_length=400)
    locality = LocalityField(help_text=_("Locality name, alias or id"))
    landlord_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    landlord_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    lease_start = serializers.DateField(required=False, allow_null=True)
    lease_end = serializers.DateField(required=False, allow_null=True)
    rooms = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10000)


class CallCentreUpdateSerializer(ProfileSerializer):
    """Change a call centre (goes through `callcentre_update`). Moves are recorded on the web page."""

    name = serializers.CharField(max_length=200, required=False)


class StatusChangeSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[c for c in CallCentreStatus.choices if c[0] != CallCentreStatus.MERGED])
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
    on = serializers.DateField(required=False, allow_null=True, help_text=_("For closed or vacated: the day it ended"))


class StatusStepSerializer(serializers.ModelSerializer):
    changed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = StatusChange
        fields = ["from_status", "to_status", "changed_at", "changed_by", "reason"]
        read_only_fields = fields


class StatusHistorySerializer(serializers.Serializer):
    """A call centre's status, the statuses it may move to, and its history."""

    status = serializers.CharField(read_only=True)
    allowed = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()

    def get_allowed(self, obj) -> list[str]:
        return sorted(STATUS_TRANSITIONS.get(obj.status, set()))

    def get_history(self, obj) -> list[dict]:
        steps = StatusChange.objects.filter(call_centre=obj).select_related("changed_by").order_by("changed_at", "pk")
        return StatusStepSerializer(steps, many=True).data


class PremisesSerializer(serializers.ModelSerializer):
    """A premises with its occupant count and churn flags (read)."""

    locality = serializers.CharField(source="locality.name", read_only=True)
    station = serializers.CharField(source="locality.station.code", read_only=True)
    occupant_count = serializers.IntegerField(read_only=True)
    call_centres = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    flags = FlagsSerializer(source="*", read_only=True)

    class Meta:
        model = Premises
        fields = [
            "id", "address_raw", "plot", "floor", "building", "sector", "locality", "station", "city", "pin_code",
            "landlord_name", "landlord_phone", "lease_start", "lease_end", "rooms", "occupant_count", "call_centres",
            "flags", "created_at", "updated_at",
        ]
        read_only_fields = fields


class PremisesUpdateSerializer(serializers.Serializer):
    """Landlord, lease and rooms (goes through `premises_update`)."""

    landlord_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    landlord_phone = serializers.CharField(required=False, allow_blank=True, max_length=40)
    lease_start = serializers.DateField(required=False, allow_null=True)
    lease_end = serializers.DateField(required=False, allow_null=True)
    rooms = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=10000)
