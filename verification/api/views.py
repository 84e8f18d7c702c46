"""API viewsets of verification: /api/agencies/ (reference data, police only), /api/letters/ (the dispatch
register) and /api/inspections/, scoped by `for_user` (another station's inspection answers 404)."""
from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import BasePermission

from core.access import user_scope
from core.api.viewsets import ScopedReadOnlyViewSet

from ..choices import LETTER_FILTER_STATES, LetterKind
from ..filters import InspectionFilterSet
from ..models import Agency, Inspection, Letter
from ..selectors import letters_register
from .serializers import AgencySerializer, InspectionSerializer, LetterSerializer


class PoliceOnly(BasePermission):
    """Police officers only (association members have no business with agencies)."""

    def has_permission(self, request, view) -> bool:
        return user_scope(request.user).is_police


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """The agencies letters go to (city-wide reference data; edited by administrators)."""

    queryset = Agency.objects.order_by("name")
    serializer_class = AgencySerializer
    permission_classes = [PoliceOnly]
    filter_backends = []
    filterset_fields = None


_LETTER_FILTERS = [
    OpenApiParameter("state", OpenApiTypes.STR, enum=[s for s, _ in LETTER_FILTER_STATES],
                     description="drafted, sent, acknowledged, answered or overdue"),
    OpenApiParameter("agency", OpenApiTypes.STR, description="Agency code, e.g. DOT"),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=LetterKind.values),
    OpenApiParameter("q", OpenApiTypes.STR, description="Reference, addressee, subject or dispatch number"),
]


@extend_schema_view(list=extend_schema(parameters=_LETTER_FILTERS))
class LetterViewSet(ScopedReadOnlyViewSet):
    """Letters in the caller's scope (an SHO or zone officer: those naming their call centres), newest first.
    Queries per page: count, rows (with agency, sender and enclosure count)."""

    queryset = Letter.objects.all()
    serializer_class = LetterSerializer
    filter_backends = []
    action_permissions = {"list": "verification.view_letter", "retrieve": "verification.view_letter"}

    def get_queryset(self):
        params = self.request.query_params
        return letters_register(
            user=self.request.user, state=params.get("state", "")[:20], agency=params.get("agency", "")[:12],
            kind=params.get("kind", "")[:10], q=params.get("q", "")[:100],
        )


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
