"""API viewsets of verification. Rows come from `for_user`: a station sees its own inspections only
(another station's answer 404)."""
from core.api.viewsets import ScopedReadOnlyViewSet

from ..filters import InspectionFilterSet
from ..models import Inspection
from .serializers import InspectionSerializer


class InspectionViewSet(ScopedReadOnlyViewSet):
    """Inspections of the caller's scope, newest plan first, in the order of each day."""

    queryset = Inspection.objects.all()
    serializer_class = InspectionSerializer
    filterset_class = InspectionFilterSet
    search_fields = ["call_centre__name", "officers"]
    ordering_fields = ["planned_date", "risk_score"]

    def get_base_queryset(self):
        return Inspection.objects.select_related("plan__station", "call_centre").order_by(
            "-plan__week", "plan__station__name", "planned_date", "order", "pk"
        )
