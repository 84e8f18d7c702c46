"""Station pages: the list of stations in scope and one station's page."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.access import get_scoped_or_404
from core.home import station_sections

from .filters import PoliceStationFilterSet
from .models import PoliceStation
from .selectors import station_list


@login_required
@require_safe
def station_list_view(request):
    filterset = PoliceStationFilterSet(request.GET, queryset=station_list(user=request.user))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    return render(request, "stations/station_list.html", {"filter": filterset, "page": page})


@login_required
@require_safe
def station_detail_view(request, code):
    station = get_scoped_or_404(PoliceStation, request.user, code=code)
    localities = station.localities.order_by("name")
    # Its call centres, returns and busts (the apps above register them), each counted as its list counts it.
    sections = station_sections(user=request.user, station=station)
    return render(request, "stations/station_detail.html",
                  {"station": station, "localities": localities, "sections": sections})
