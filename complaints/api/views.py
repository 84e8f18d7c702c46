"""/api/complaints/: police roles read within their scope, the cyber crime team records; association
members are refused (403), a complaint outside the caller's scope is 404."""
from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from core.api.viewsets import ScopedViewSetMixin

from ..filters import ComplaintFilterSet
from ..models import Complaint
from ..services.complaints import ComplaintRow, complaints_save
from .serializers import ComplaintSerializer

_FILTERS = [
    OpenApiParameter("call_centre", OpenApiTypes.INT, description="Complaints linked to this call centre"),
    OpenApiParameter("person", OpenApiTypes.INT, description="Complaints linked to this person"),
    OpenApiParameter("identifier", OpenApiTypes.STR,
                     description="A phone, account (number/IFSC or number), UPI id, website or e-mail, as written"),
    OpenApiParameter("source", OpenApiTypes.STR, description="ncrp, helpline, foreign, company or tip"),
    OpenApiParameter("reported_from", OpenApiTypes.DATE), OpenApiParameter("reported_to", OpenApiTypes.DATE),
]


@extend_schema_view(list=extend_schema(parameters=_FILTERS))
class ComplaintViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       mixins.CreateModelMixin, GenericViewSet):
    """Complaints and referrals. Queries per page: count, rows, their identifiers, their links."""

    queryset = Complaint.objects.all()
    serializer_class = ComplaintSerializer
    filterset_class = ComplaintFilterSet
    action_permissions = {"list": "complaints.view_complaint", "retrieve": "complaints.view_complaint",
                          "create": "complaints.add_complaint"}

    def get_base_queryset(self):
        return Complaint.objects.prefetch_related("identifiers", "links").order_by("-reported_on", "-pk")

    def get_queryset(self):
        # Reads and the create's answer are both scoped reads (a complaint is never changed here).
        from core.access import VIEW

        return self.get_base_queryset().for_user(self.request.user, VIEW)

    @extend_schema(responses={201: ComplaintSerializer, 200: ComplaintSerializer},
                   description="201 with a new complaint; 200 when the source already sent this reference "
                               "(the same complaint, unchanged: imports and calls are idempotent).")
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        row = ComplaintRow(
            source=data["source"], reference=data["reference"], reported_on=data["reported_on"],
            victim_country=data.get("victim_country", ""), amount=data.get("amount"), currency=data.get("currency", ""),
            narrative=data.get("narrative", ""),
            identifiers=[(i["kind"], i["value"]) for i in data.get("identifiers", [])],
        )
        result = complaints_save(actor=request.user, rows=[row])
        complaint = Complaint.objects.prefetch_related("identifiers", "links").get(
            source=row.source, reference=row.reference)
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(self.get_serializer(complaint).data, status=code)
