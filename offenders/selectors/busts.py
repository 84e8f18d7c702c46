"""Reads of busts (station-scoped, `for_user`), and the busts on a raided call centre's timeline."""
from __future__ import annotations

from datetime import datetime, time

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _g

from ..models import Arrest, Bust


def bust_list(*, user) -> QuerySet[Bust]:
    """Busts of the user's scope with station, call centre, arrest count and sections (2 queries + count)."""
    return (
        Bust.objects.for_user(user)
        .select_related("station", "call_centre")
        # Counted for the page's rows (a subquery on the arrests' bust index), not by grouping every
        # bust with every column of its joins before the LIMIT (issue 16).
        .annotate(arrest_count=Coalesce(Subquery(
            Arrest.objects.filter(bust_id=OuterRef("pk")).order_by().values("bust_id").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField()), Value(0)))
        .prefetch_related("sections")
        .order_by("-raid_date", "-pk")
    )


def bust_detail(*, user, pk: int) -> Bust | None:
    return (
        Bust.objects.for_user(user)
        .select_related("station", "call_centre", "recorded_by")
        .prefetch_related(
            "sections", "documents",
            Prefetch("arrests", queryset=Arrest.objects.select_related("person", "station").order_by("pk")),
        )
        .filter(pk=pk)
        .first()
    )


def bust_timeline_events(call_centre, ids: list[int]):
    """Busts of a call centre (and of records merged into it), for registry.selectors.callcentre_timeline."""
    from registry.selectors import TimelineEvent

    busts = (
        Bust.objects.filter(call_centre_id__in=ids)
        .select_related("station", "recorded_by")
        .annotate(n=Count("arrests"))
    )
    for bust in busts:
        recorder = bust.recorded_by
        yield TimelineEvent(
            when=timezone.make_aware(datetime.combine(bust.raid_date, time.min)),
            kind="bust",
            title=_g("Busted: FIR %(fir)s, %(station)s") % {"fir": bust.fir_number, "station": bust.station.name},
            detail=_g("%(n)s arrested") % {"n": bust.n},
            url=reverse("offenders:bust-detail", args=[bust.pk]),
            by=(recorder.get_full_name() or recorder.get_username()) if recorder else "",
            tags=("bust",),
        )

