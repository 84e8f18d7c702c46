"""Serializers of /api/inspections/ (read-only: the station's changes go through the pages' services)."""
from rest_framework import serializers

from ..models import Inspection


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
    risk_reasons = RiskReasonSerializer(many=True, read_only=True)
    checklist = serializers.DictField(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id", "plan", "station", "week", "plan_status", "call_centre", "call_centre_name", "planned_date", "order",
            "officers", "status", "risk_score", "risk_reasons", "reschedule_reason", "visited_on", "result",
            "checklist", "findings",
        ]
        read_only_fields = fields
