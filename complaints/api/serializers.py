"""Serializers of /api/complaints/: they parse input; complaints/services decides."""
from __future__ import annotations

from django.utils.translation import gettext as _g
from rest_framework import serializers

from ..choices import ComplaintSource, IdentifierKind
from ..models import Complaint
from ..normalise import normalise, normalise_country, normalise_currency


class IdentifierSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=IdentifierKind.choices)
    value = serializers.CharField(max_length=300)

    def validate(self, data):
        try:
            data["value"] = normalise(data["kind"], data["value"])
        except ValueError as exc:
            raise serializers.ValidationError({"value": str(exc)}) from exc
        return data


class ComplaintSerializer(serializers.ModelSerializer):
    """A complaint, its identifiers, and the call centres, persons and busts it links to (ids)."""

    identifiers = IdentifierSerializer(many=True, required=False)
    call_centres = serializers.SerializerMethodField()
    persons = serializers.SerializerMethodField()
    busts = serializers.SerializerMethodField()
    source = serializers.ChoiceField(choices=ComplaintSource.choices)

    class Meta:
        model = Complaint
        fields = ["id", "source", "reference", "reported_on", "victim_country", "amount", "currency", "narrative",
                  "identifiers", "call_centres", "persons", "busts", "created_at"]
        read_only_fields = ["id", "call_centres", "persons", "busts", "created_at"]
        validators = []  # (source, reference) already recorded is answered by the view, not as an error

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["identifiers"] = [{"kind": i.kind, "value": i.value} for i in instance.identifiers.all()]
        return data

    def _targets(self, instance, attr) -> list[int]:
        return sorted({getattr(link, attr) for link in instance.links.all() if getattr(link, attr)})

    def get_call_centres(self, instance) -> list[int]:
        return self._targets(instance, "call_centre_id")

    def get_persons(self, instance) -> list[int]:
        return self._targets(instance, "person_id")

    def get_busts(self, instance) -> list[int]:
        return self._targets(instance, "bust_id")

    def validate_victim_country(self, value):
        return normalise_country(value)

    def validate_currency(self, value):
        try:
            return normalise_currency(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from exc

    def validate_reported_on(self, value):
        from django.utils import timezone

        if value > timezone.localdate():
            raise serializers.ValidationError(_g("The date of the complaint cannot be in the future."))
        return value
