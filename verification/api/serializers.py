"""Serializers of /api/inspections/ (read-only: the station's changes go through the pages' services)."""
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Inspection
from ..selectors import reasons_shown


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
