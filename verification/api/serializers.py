"""Serializers of /api/agencies/, /api/letters/ and /api/inspections/ (read-only: changes go through the
pages' services)."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Agency, Inspection, Letter
from ..selectors import reasons_shown


class AgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name", "kind", "address", "contact", "licence_kinds", "answer_days", "active"]


class LetterSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    overdue = serializers.SerializerMethodField()
    enclosure_count = serializers.IntegerField(read_only=True)
    sent_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Letter
        fields = [
            "id", "reference", "kind", "agency", "addressee_kind", "addressee", "cycle", "dated", "language",
            "subject", "state", "overdue", "answer_days", "sent_on", "dispatch_number", "sent_by", "due_on",
            "acknowledged_on", "answered_on", "enclosure_count",
        ]

    def get_overdue(self, letter: Letter) -> bool:
        return letter.is_overdue()


class RiskReasonSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    points = serializers.IntegerField()


class InspectionSerializer(serializers.ModelSerializer):
    """One planned visit, why it was planned, and what it found."""

    station = serializers.CharField(source="plan.station.code", read_only=True)
    week = serializers.DateField(source="plan.week", read_only=True)
    plan_status = serializers.CharField(source="plan.status", read_only=True)
    call_centre_name = serializers.CharField(source="call_centre.name", read_only=True)
    risk_reasons = serializers.SerializerMethodField()
    checklist = serializers.DictField(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id", "plan", "station", "week", "plan_status", "call_centre", "call_centre_name", "planned_date", "order",
            "officers", "status", "risk_score", "risk_reasons", "reschedule_reason", "visited_on", "result",
            "checklist", "findings",
        ]
        read_only_fields = fields

    @extend_schema_field(RiskReasonSerializer(many=True))
    def get_risk_reasons(self, inspection: Inspection) -> list[dict]:
        """Why it was planned, with labels in the caller's language."""
        return reasons_shown(inspection.risk_reasons)
