"""API viewsets of enforcement. Rows come from `for_user`; writes go through the services."""
from __future__ import annotations

from django.db.models import Count, Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api.viewsets import ScopedModelViewSet

from .. import services
from ..candidates import find_candidates, query_from_input
from ..filters import ArrestFilterSet, BustFilterSet, PersonFilterSet, PriorRecordFilterSet
from ..models import Arrest, Bust, Person, PersonAddress, PriorRecord
from ..selectors.persons import photo_prefetch, with_offence_counts
from .serializers import (
    THRESHOLDS,
    ArrestSerializer,
    BustSerializer,
    BustWriteSerializer,
    CandidateSerializer,
    MatchQuerySerializer,
    MatchResultSerializer,
    PersonSerializer,
    PersonWriteSerializer,
    PriorRecordSerializer,
)


class BustViewSet(ScopedModelViewSet):
    """Busts of the caller's scope. POST records one (the raided call centre becomes busted); PATCH changes it."""

    access_log_kind = "bust"
    queryset = Bust.objects.all()
    serializer_class = BustSerializer
    filterset_class = BustFilterSet
    search_fields = ["fir_number", "place", "call_centre__name"]
    ordering_fields = ["raid_date", "fir_number"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_base_queryset(self):
        return (
            Bust.objects.select_related("station", "call_centre")
            .annotate(arrest_count=Count("arrests", distinct=True))
            .prefetch_related("sections", "documents")
            .order_by("-raid_date", "-pk")
        )

    @extend_schema(request=BustWriteSerializer, responses=BustSerializer)
    def create(self, request, *args, **kwargs):
        write = BustWriteSerializer(data=request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        bust = services.bust_create(actor=request.user, station=data.pop("station", None), **data)
        return Response(self.get_serializer(self.get_base_queryset().get(pk=bust.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BustWriteSerializer, responses=BustSerializer)
    def partial_update(self, request, *args, **kwargs):
        bust = self.get_object()
        write = BustWriteSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        data = dict(write.validated_data)
        data.pop("station", None)
        services.bust_update(actor=request.user, bust=bust, **data)
        return Response(self.get_serializer(self.get_base_queryset().get(pk=bust.pk)).data)


class ArrestViewSet(ScopedModelViewSet):
    """Arrests of the caller's scope. POST records one and queues its possible matches for review."""

    access_log_kind = "arrest"
    queryset = Arrest.objects.all()
    serializer_class = ArrestSerializer
    filterset_class = ArrestFilterSet
    ordering_fields = ["arrested_on"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_base_queryset(self):
        return Arrest.objects.select_related("person", "bust", "station").order_by("-arrested_on", "-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.arrest_create(
            actor=self.request.user, bust=data.pop("bust"), person=data.pop("person"), **data
        )

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("bust", None)
        data.pop("person", None)
        serializer.instance = services.arrest_update(actor=self.request.user, arrest=serializer.instance, **data)


class PriorRecordViewSet(ScopedModelViewSet):
    """Prior records (arrests elsewhere) entered by the caller's scope. POST adds one."""

    access_log_kind = "prior record"
    queryset = PriorRecord.objects.all()
    serializer_class = PriorRecordSerializer
    filterset_class = PriorRecordFilterSet
    ordering_fields = ["arrested_on"]
    http_method_names = ["get", "post", "head", "options"]

    def get_base_queryset(self):
        return PriorRecord.objects.select_related("person", "station").order_by("-pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = services.prior_record_create(actor=self.request.user, person=data.pop("person"), **data)


class PersonViewSet(ScopedModelViewSet):
    """Persons: readable by every police role (city-wide), changed only by the recording station.

    JSON only: no browsable form that could show an Aadhaar number back.
    POST /api/persons/match/ takes a person's details and answers the likely matches.
    """

    access_log_kind = "person"
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    renderer_classes = [JSONRenderer]
    ordering_fields = ["name", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {"match": "offenders.view_person"}

    def get_base_queryset(self):
        return with_offence_counts(Person.objects.all()).select_related("station").prefetch_related(
            "aliases", "phones", "accounts", "documents", photo_prefetch(),
            Prefetch("addresses", queryset=PersonAddress.objects.order_by("-last_known", "-from_date", "-pk")),
        ).order_by("name", "pk")

    def _read(self, pk):
        return self.get_serializer(self.get_base_queryset().get(pk=pk)).data

    @extend_schema(request=PersonWriteSerializer, responses=PersonSerializer)
    def create(self, request, *args, **kwargs):
        write = PersonWriteSerializer(data=request.data, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        person = services.person_create(actor=request.user, **write.validated_data)
        return Response(self._read(person.pk), status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonWriteSerializer, responses=PersonSerializer)
    def partial_update(self, request, *args, **kwargs):
        person = self.get_object()
        write = PersonWriteSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        write.is_valid(raise_exception=True)
        fields = {k: v for k, v in write.validated_data.items() if k not in PersonWriteSerializer.CREATE_ONLY}
        services.person_update(actor=request.user, person=person, **fields)
        return Response(self._read(person.pk))

    @extend_schema(request=MatchQuerySerializer, responses=MatchResultSerializer)
    @action(detail=False, methods=["post"], url_path="match")
    def match(self, request):
        """A person's details in; the persons they may be out, best first, with scores and reasons."""
        query_in = MatchQuerySerializer(data=request.data)
        query_in.is_valid(raise_exception=True)
        data = dict(query_in.validated_data)
        limit = data.pop("limit")
        birth_year = data.pop("birth_year", None)
        age, age_on = data.pop("age", None), data.pop("age_on", None)
        if birth_year is None and age:
            from django.utils import timezone

            birth_year = (age_on or timezone.localdate()).year - age
        query = query_from_input(
            name=data["name"], aliases=data.get("aliases", []), father_name=data.get("father_name", ""),
            dob=data.get("dob"), birth_year=birth_year, gender=data.get("gender", ""), phones=data.get("phones", []),
            aadhaar=data.get("aadhaar", ""), pan=data.get("pan", ""), passport=data.get("passport", ""),
            address=data.get("address", ""),
        )
        candidates = find_candidates(user=request.user, query=query, limit=limit)
        return Response({"thresholds": THRESHOLDS, "candidates": CandidateSerializer(candidates, many=True).data})
