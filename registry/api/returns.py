"""/api/station-returns/: returns within the caller's scope, with their entries (read-only), and
the submit / accept / send_back actions, each mapped to the permission of the role that may do it."""
from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.viewsets import ScopedReadOnlyViewSet

from ..filters import StationReturnFilterSet
from ..models import ReturnEntry, StationReturn
from ..selectors.returns import entry_count, period_label
from ..services import returns as svc


class ReturnEntrySerializer(serializers.ModelSerializer):
    call_centre_name = serializers.CharField(source="call_centre.name", read_only=True)
    call_centre_status = serializers.CharField(source="call_centre.status", read_only=True)

    class Meta:
        model = ReturnEntry
        fields = ["id", "call_centre", "call_centre_name", "call_centre_status", "action", "remarks"]
        read_only_fields = fields


class StationReturnSerializer(serializers.ModelSerializer):
    station = serializers.SlugRelatedField(slug_field="code", read_only=True)
    station_name = serializers.CharField(source="station.name", read_only=True)
    zone = serializers.CharField(source="station.zone.code", read_only=True)
    period = serializers.SerializerMethodField()
    is_locked = serializers.BooleanField(read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    entry_count = serializers.IntegerField(read_only=True)
    entries = ReturnEntrySerializer(many=True, read_only=True)

    class Meta:
        model = StationReturn
        fields = [
            "id", "station", "station_name", "zone", "period", "period_start", "period_end", "status", "is_nil",
            "is_locked", "submitted_at", "submitted_by", "reviewed_at", "reviewed_by", "remarks", "entry_count",
            "entries",
        ]
        read_only_fields = fields

    def get_period(self, obj) -> str:
        return period_label(obj.period_start)


class ReturnSubmitSerializer(serializers.Serializer):
    is_nil = serializers.BooleanField(default=False, help_text="True for a nil return (no call centre listed).")


class ReturnReviewSerializer(serializers.Serializer):
    remarks = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class StationReturnViewSet(ScopedReadOnlyViewSet):
    """Station returns within the caller's scope. Filters: station (code), zone (code), period (YYYY-MM), status.

    Stations submit their own returns; the cyber crime team accepts them or sends them back
    with remarks (required).
    """

    queryset = StationReturn.objects.all()
    serializer_class = StationReturnSerializer
    filterset_class = StationReturnFilterSet
    search_fields = ["station__name", "station__code"]
    ordering_fields = ["period_start", "station__name", "submitted_at", "status"]
    action_permissions = {
        "submit": svc.PERM_PREPARE,
        "accept": svc.PERM_REVIEW,
        "send_back": svc.PERM_REVIEW,
    }

    def get_base_queryset(self):
        # 1 query for the page of returns (station, zone, people joined; entries counted),
        # 1 for their entries with their call centres, whatever the page size.
        entries = ReturnEntry.objects.select_related("call_centre").order_by("call_centre__name", "pk")
        return (
            StationReturn.objects.select_related("station", "station__zone", "submitted_by", "reviewed_by")
            .annotate(entry_count=entry_count())  # counted for the page's rows, not all returns
            .prefetch_related(Prefetch("entries", queryset=entries))
            .order_by("-period_start", "station__name", "pk")
        )

    def http_method_not_allowed(self, request, *args, **kwargs):
        # A GET on a POST-only action of another station's return must not answer 405 (which
        # would reveal that the return exists): look it up in the caller's scope first (404).
        if "pk" in kwargs:
            self.get_object()
        return super().http_method_not_allowed(request, *args, **kwargs)

    def _done(self, ret: StationReturn) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=ret.pk)).data)

    @extend_schema(request=ReturnSubmitSerializer, responses=StationReturnSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit (or resubmit after a send-back) the return; it is locked from then on."""
        ret = self.get_object()
        data = ReturnSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ret = svc.return_submit(actor=request.user, station_return=ret, is_nil=data.validated_data["is_nil"])
        return self._done(ret)

    @extend_schema(request=ReturnReviewSerializer, responses=StationReturnSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """Accept a submitted return (cyber crime team)."""
        ret = self.get_object()
        data = ReturnReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ret = svc.return_accept(actor=request.user, station_return=ret, remarks=data.validated_data["remarks"])
        return self._done(ret)

    @extend_schema(request=ReturnReviewSerializer, responses=StationReturnSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        """Send a submitted return back to the station with remarks (required)."""
        ret = self.get_object()
        data = ReturnReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ret = svc.return_send_back(actor=request.user, station_return=ret, remarks=data.validated_data["remarks"])
        return self._done(ret)
