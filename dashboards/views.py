"""Dashboard pages: the city's, a zone's and a station's. Police only (403 for anyone else);
a zone or station outside the officer's scope, or the city for a zone or station officer, is 404."""
from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from core.access import log_access, user_scope
from core.db_router import reads_from_replica
from core.permissions import police_required
from core.roles import Role
from stations.models import PoliceStation, Zone

from . import exports, selectors
from .hotspot_map import COLOURINGS, hotspot_map
from .selectors import PERIOD_CHOICES, Unit


@require_safe
@police_required
@reads_from_replica
def city_dashboard(request):
    if not user_scope(request.user).city:
        raise Http404
    return _dashboard(request, Unit())


@require_safe
@police_required
@reads_from_replica
def zone_dashboard(request, code: str):
    scope = user_scope(request.user)
    if not (scope.city or scope.role == Role.ZONE):  # a station officer's scope is not a whole zone
        raise Http404
    zone = Zone.objects.for_user(request.user).filter(code=code).first()
    if zone is None:
        raise Http404
    return _dashboard(request, Unit(zone=zone))


@require_safe
@police_required
@reads_from_replica
def station_dashboard(request, code: str):
    station = PoliceStation.objects.for_user(request.user).select_related("zone").filter(code=code).first()
    if station is None:
        raise Http404
    return _dashboard(request, Unit(zone=station.zone, station=station))


@require_safe
@police_required
@reads_from_replica
def my_dashboard(request):
    """The dashboard of the officer's own scope: city roles the city, a zone officer their zone,
    a station officer their station."""
    scope = user_scope(request.user)
    if scope.city:
        return redirect("dashboards:city")
    if scope.role == Role.ZONE:
        return redirect("dashboards:zone", code=request.user.zone.code)
    return redirect("dashboards:station", code=request.user.station.code)


def _cache_key(user, unit: Unit, period_key: str | None, colouring: str | None) -> str:
    """What the figures depend on: the reader's scope (not who they are), the unit, the period,
    the map's colouring, the day and the language of the labels."""
    scope = user_scope(user)
    reach = "city" if scope.city else f"zone-{scope.zone_id}" if scope.zone_id else f"station-{scope.station_id}"
    what = unit.station.code if unit.station else f"zone:{unit.zone.code}" if unit.zone else "city"
    return ":".join(["dashboards", reach, what, str(period_key), str(colouring), str(timezone.localdate()),
                     str(get_language())])


def dashboard_context(user, unit: Unit, *, period_key: str | None, colouring: str | None) -> dict:
    """Everything a dashboard page shows (also used by the exports), kept for
    DASHBOARD_CACHE_SECONDS (0, the default, computes every time). A cached page says when its
    figures were counted: a list opened later may already show more."""
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 0)
    if seconds <= 0:
        return _compute(user, unit, period_key=period_key, colouring=colouring)
    key = _cache_key(user, unit, period_key, colouring)
    context = cache.get(key)
    if context is None:
        context = _compute(user, unit, period_key=period_key, colouring=colouring)
        cache.set(key, context, seconds)
    return context


def _compute(user, unit: Unit, *, period_key: str | None, colouring: str | None) -> dict:
    today = timezone.localdate()
    period = selectors.period_of(period_key, today=today)
    dates = selectors.Dates(period=period, today=today)
    summary = selectors.callcentre_summary(user=user, unit=unit, period=period, today=today)
    localities = selectors.locality_rows(user=user, unit=unit, today=today)
    months = selectors.bust_months(user=user, unit=unit, today=today)
    board = selectors.station_board(user=user, unit=unit, dates=dates)
    points = selectors.locality_points(user=user, unit=unit)
    the_map = hotspot_map(stations=board.stations, localities=localities, points=points, colouring=colouring or "")
    return {
        "computed_at": timezone.now(),
        "unit": unit,
        "period": period,
        "dates": dates,
        "summary": summary,
        "hotspots": localities[: selectors.TOP_LOCALITIES],
        "months": months,
        "board": board,
        "map": the_map,
        "chart_data": {
            "months": {"labels": [m.start.strftime("%m/%Y") for m in months], "values": [m.busts.value for m in months]},
            "statuses": {"labels": [str(label) for label, _f in summary["statuses"]],
                         "values": [f.value for _l, f in summary["statuses"]]},
            "licences": {"labels": [str(label) for label, _f in summary["licences"]],
                         "values": [f.value for _l, f in summary["licences"]]},
        },
    }


def _filename(unit: Unit, context: dict, extension: str) -> str:
    name = unit.station.code if unit.station else unit.zone.code if unit.zone else "city"
    return f"dashboard-{slugify(name)}-{context['period'].end:%Y-%m-%d}.{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _dashboard(request, unit: Unit):
    """The page, or with ?format=xlsx / ?format=pdf the same figures as a workbook or a PDF."""
    context = dict(dashboard_context(
        request.user, unit, period_key=request.GET.get("period"), colouring=request.GET.get("colour")
    ))
    wanted = request.GET.get("format")
    if wanted in ("xlsx", "pdf"):
        log_access(request, action="export", object_kind=f"dashboard {wanted}", object_id=_filename(unit, context, wanted))
    if wanted == "xlsx":
        return _download(exports.dashboard_xlsx(context), exports.XLSX_TYPE, _filename(unit, context, "xlsx"))
    if wanted == "pdf":
        return _download(exports.dashboard_pdf(context), "application/pdf", _filename(unit, context, "pdf"))
    context.update(periods=PERIOD_CHOICES, colourings=list(COLOURINGS.items()))
    return render(request, "dashboards/dashboard.html", context)
