"""/api/call-centres/ and /api/premises/: scoped by the access rule, filtered by the same
FilterSets as the web lists, paginated; writes go through the services."""
from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.access import CHANGE, VIEW
from core.api.viewsets import ScopedModelViewSet

from ..filters import CallCentreFilterSet, PremisesFilterSet
from ..models import CallCentre, Premises
from ..selectors.callcentres import callcentre_list
from ..selectors.premises import premises_list
from ..services.callcentres import callcentre_register, callcentre_set_status, callcentre_update
from ..services.premises import premises_update
from .serializers import (
    CallCentreCreateSerializer,
    CallCentreSerializer,
    CallCentreUpdateSerializer,
    PremisesSerializer,
    PremisesUpdateSerializer,
    StatusChangeSerializer,
    StatusHistorySerializer,
)

PREMISES_FIELDS = ("landlord_name", "landlord_phone", "lease_start", "lease_end", "rooms")


class CallCentreViewSet(ScopedModelViewSet):
    """Call centres within the caller's scope.

    Filters (same as the web list): q (name, company, phone, address), zone and station
    (codes), locality (id), status (repeatable), service, direction, source, night_shift,
    quick_vacate, shared_premises, busy_landlord, started_after, started_before; sort.
    Queries per list page: count, rows (with joins and churn flags), phones.
    """

    queryset = CallCentre.objects.all()
    serializer_class = CallCentreSerializer
    filterset_class = CallCentreFilterSet
    filter_backends = [DjangoFilterBackend]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    action_permissions = {"status": "registry.change_callcentre"}

    def check_permissions(self, request):
        # Reading the status history needs only the view scope; changing it needs the permission.
        if getattr(self, "action", None) == "status" and request.method in ("GET", "HEAD", "OPTIONS"):
            self.action_permissions = {}
        super().check_permissions(request)

    def get_queryset(self):
        write = self.request.method not in ("GET", "HEAD", "OPTIONS")
        return callcentre_list(user=self.request.user, action=CHANGE if write else VIEW)

    def _read(self, pk: int) -> dict:
        return CallCentreSerializer(callcentre_list(user=self.request.user).get(pk=pk)).data

    @extend_schema(request=CallCentreCreateSerializer, responses={201: CallCentreSerializer})
    def create(self, request, *args, **kwargs):
        serializer = CallCentreCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        call_centre = callcentre_register(actor=request.user, **serializer.validated_data)
        return Response(self._read(call_centre.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=CallCentreUpdateSerializer, responses=CallCentreSerializer)
    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        serializer = CallCentreUpdateSerializer(
            data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data.get("station", False) is None:
            data.pop("station")
        callcentre_update(actor=request.user, call_centre=instance, **data)
        return Response(self._read(instance.pk))

    @extend_schema(request=CallCentreUpdateSerializer, responses=CallCentreSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(methods=["GET"], request=None, responses=StatusHistorySerializer)
    @extend_schema(methods=["POST"], request=StatusChangeSerializer, responses=CallCentreSerializer)
    @action(detail=True, methods=["get", "post"], url_path="status", url_name="status")
    def status(self, request, pk=None):
        """GET: the status history and the statuses allowed next. POST: move the call centre to one of them."""
        instance = self.get_object()
        if request.method == "GET":
            return Response(StatusHistorySerializer(instance).data)
        serializer = StatusChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        callcentre_set_status(actor=request.user, call_centre=instance, **serializer.validated_data)
        return Response(self._read(instance.pk))


class PremisesViewSet(ScopedModelViewSet):
    """Premises within the caller's scope, with occupant counts and churn flags.

    Filters: q (address, landlord), zone, station, locality, shared_premises, busy_landlord,
    quick_vacate; sort. Queries per list page: count, rows, the call centres now there.
    """

    queryset = Premises.objects.all()
    serializer_class = PremisesSerializer
    filterset_class = PremisesFilterSet
    filter_backends = [DjangoFilterBackend]
    http_method_names = ["get", "put", "patch", "head", "options"]

    def get_queryset(self):
        qs = premises_list(user=self.request.user)
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            qs = qs.filter(pk__in=Premises.objects.for_user(self.request.user, CHANGE).values("pk"))
        return qs

    @extend_schema(request=PremisesUpdateSerializer, responses=PremisesSerializer)
    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        partial = kwargs.get("partial", False)
        serializer = PremisesUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        values = {f: getattr(instance, f) for f in PREMISES_FIELDS} if partial else {}
        values.update(serializer.validated_data)
        premises_update(actor=request.user, premises=instance, **values)
        return Response(PremisesSerializer(premises_list(user=request.user).get(pk=instance.pk)).data)

    @extend_schema(request=PremisesUpdateSerializer, responses=PremisesSerializer)
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)
