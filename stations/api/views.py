from core.api.viewsets import ScopedReadOnlyViewSet
from stations.filters import PoliceStationFilterSet
from stations.models import PoliceStation

from .serializers import PoliceStationSerializer


class PoliceStationViewSet(ScopedReadOnlyViewSet):
    """Police stations within the caller's scope (read-only). Looked up by code."""

    queryset = PoliceStation.objects.all()
    serializer_class = PoliceStationSerializer
    filterset_class = PoliceStationFilterSet
    lookup_field = "code"
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code"]

    def get_base_queryset(self):
        return PoliceStation.objects.select_related("zone").prefetch_related("localities").order_by("name")
