"""FilterSets of verification (the API of inspections)."""
import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import InspectionResult, InspectionStatus
from .models import Inspection


class InspectionFilterSet(django_filters.FilterSet):
    """Filters of /api/inspections/: status, result, station code, the plan's week, a call centre."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=InspectionStatus.choices)
    result = django_filters.ChoiceFilter(label=_("Result"), choices=InspectionResult.choices)
    station = django_filters.CharFilter(label=_("Station"), field_name="plan__station__code", help_text=_("Station code"))
    week = django_filters.DateFilter(label=_("Week starting"), field_name="plan__week")
    call_centre = django_filters.NumberFilter(label=_("Call centre"), field_name="call_centre_id")

    class Meta:
        model = Inspection
        fields: list[str] = []
