"""Call-centre panels: status, licences, churn and new set-ups; localities (hotspots and the map)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from registry.choices import CallCentreStatus
from registry.filters import CallCentreFilterSet
from registry.models import CallCentre
from stations.models import Locality
from verification.choices import LicenceState
from verification.selectors import licence_state_q

from .figures import CALLCENTRES, OPERATING, SHOWN_STATUSES, Figure, Period, Unit, list_url

# --------------------------------------------------------------------------- call centres


def operating_q() -> Q:
    return Q(status__in=OPERATING)


def _callcentre_filter_ids(params: dict):
    """Ids of the call centres the call-centre list's FilterSet selects with `params` (a subquery):
    the dashboard counts what the list shows, by the list's own rule."""
    return CallCentreFilterSet(params, queryset=CallCentre.objects.all()).qs.values("pk")


def callcentre_summary(*, user, unit: Unit, period: Period, today: date) -> dict:
    """Status, licence compliance of operating call centres, churn and new set-ups (one query)."""
    qs = CallCentre.objects.for_user(user).filter(unit.q()).exclude(status=CallCentreStatus.MERGED)
    operating = operating_q()
    counts = {"total": Count("pk"), "operating": Count("pk", filter=operating)}
    for status in SHOWN_STATUSES:
        counts[f"status_{status.value}"] = Count("pk", filter=Q(status=status))
    for state in LicenceState:
        counts[f"licence_{state.value}"] = Count("pk", filter=operating & Q(licence_state_q(state, today=today)))
    counts["quick_vacate"] = Count("pk", filter=Q(pk__in=_callcentre_filter_ids({"quick_vacate": "true"})))
    counts["started"] = Count("pk", filter=Q(started_on__gte=period.start))
    row = qs.aggregate(**counts)
    where = unit.params

    def fig(value_key: str, **params) -> Figure:
        return Figure(row[value_key], list_url(CALLCENTRES, {**where, **params}))

    return {
        "total": fig("total"),
        "operating": fig("operating", status=OPERATING),
        "statuses": [(status.label, fig(f"status_{status.value}", status=status.value)) for status in SHOWN_STATUSES],
        "licences": [
            (state.label, fig(f"licence_{state.value}", status=OPERATING, licence=state.value)) for state in LicenceState
        ],
        "quick_vacate": fig("quick_vacate", quick_vacate="true"),
        "started": fig("started", started_after=period.start),
    }


@dataclass
class LocalityRow:
    pk: int
    name: str
    latitude: float | None
    longitude: float | None
    operating: Figure
    lacking: Figure


def locality_rows(*, user, unit: Unit, today: date) -> list[LocalityRow]:
    """Localities by operating call centres, most first (one GROUP BY). Only localities the user
    may filter the list by (their scope) are listed, so that each link shows exactly that many."""
    operating = operating_q()
    rows = (
        CallCentre.objects.for_user(user)
        .filter(unit.q(), premises__locality__in=Locality.objects.for_user(user).values("pk"))
        .exclude(status=CallCentreStatus.MERGED)
        .values("premises__locality", "premises__locality__name", "premises__locality__latitude",
                "premises__locality__longitude")
        .annotate(
            operating=Count("pk", filter=operating),
            lacking=Count("pk", filter=operating & Q(licence_state_q(LicenceState.LACKING, today=today))),
        )
        .filter(operating__gt=0)
        .order_by("-operating", "premises__locality__name")
    )
    result = []
    for row in rows:
        params = {**unit.params, "locality": row["premises__locality"], "status": OPERATING}
        lat, lng = row["premises__locality__latitude"], row["premises__locality__longitude"]
        result.append(
            LocalityRow(
                pk=row["premises__locality"], name=row["premises__locality__name"],
                latitude=float(lat) if lat is not None else None, longitude=float(lng) if lng is not None else None,
                operating=Figure(row["operating"], list_url(CALLCENTRES, params)),
                lacking=Figure(row["lacking"], list_url(CALLCENTRES, {**params, "licence": LicenceState.LACKING.value})),
            )
        )
    return result



# --------------------------------------------------------------------------- the map's points


def locality_points(*, user, unit: Unit) -> list[dict]:
    """Localities of the unit with coordinates: id, name, station and position (one query)."""
    return [
        {"pk": pk, "name": name, "station_id": station_id, "latitude": float(lat), "longitude": float(lng)}
        for pk, name, station_id, lat, lng in Locality.objects.for_user(user)
        .filter(unit.q(), latitude__isnull=False, longitude__isnull=False)
        .order_by("name")
        .values_list("pk", "name", "station_id", "latitude", "longitude")
    ]

