"""Serializers of /api/agencies/ and /api/letters/ (read-only)."""
from rest_framework import serializers

from ..models import Agency, Letter


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
