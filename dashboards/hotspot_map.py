"""The hotspot map, laid out on the server as SVG geometry (no tiles, no base map).

One circle per police station, at the mean position of its localities, sized by its operating
call centres (area proportional to the count) and coloured by its busts in the period or by its
operating call centres lacking a licence. Station circles, not locality circles: a station is
the unit that answers for its jurisdiction, busts are recorded by station, and a hotspot such as
Udyog Vihar spans several localities (its five phases) of one station. Each locality with
operating call centres is drawn as a small dot linking to its own list.

The projection is equirectangular, fitted to the bounding box of the points: x follows the
longitude scaled by cos(mean latitude), y the latitude (north up).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

WIDTH = 640
MAX_HEIGHT = 520
MARGIN = 36  # room for the largest circle at the edge
LABELLED = 5  # how many of the largest circles are named on the map
R_MIN, R_MAX = 4.0, 30.0
#: Sequential colours (ColorBrewer YlOrRd, colour-blind safe), lightest = least.
PALETTE = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"]
NO_DATA = "#d9d9d9"
COLOURINGS = {"busts": _("Busts in the period"), "licences": _("Operating call centres lacking a licence")}
DEFAULT_COLOURING = "busts"


@dataclass(frozen=True)
class Circle:
    name: str
    x: float
    y: float
    r: float
    colour: str
    operating: int
    measure: int
    url: str
    labelled: bool = False  # the largest circles carry their station's name


@dataclass(frozen=True)
class Dot:
    name: str
    x: float
    y: float
    operating: int
    url: str


@dataclass(frozen=True)
class LegendStep:
    colour: str
    low: int
    high: int


@dataclass(frozen=True)
class HotspotMap:
    width: int
    height: int
    circles: list[Circle]
    dots: list[Dot]
    legend: list[LegendStep]
    colouring: str
    colouring_label: str
    size_legend: list[tuple[int, float, float, float]]  # (operating, radius, box size, centre)

    @property
    def largest(self) -> Circle | None:
        return max(self.circles, key=lambda c: (c.operating, c.name), default=None)


def _radius(n: int, top: int) -> float:
    if n <= 0 or top <= 0:
        return R_MIN * 0.6
    return R_MIN + (R_MAX - R_MIN) * math.sqrt(n / top)


def _steps(top: int) -> list[LegendStep]:
    """Up to five classes of equal width from 1 to `top` (0 has its own colour)."""
    if top <= 0:
        return []
    n = min(len(PALETTE), top)
    steps, low = [], 1
    for i in range(n):
        high = math.ceil(top * (i + 1) / n)
        steps.append(LegendStep(PALETTE[i if n == len(PALETTE) else round(i * (len(PALETTE) - 1) / max(1, n - 1))],
                                low, high))
        low = high + 1
    return steps


def _colour(value: int, steps: list[LegendStep]) -> str:
    for step in steps:
        if value <= step.high:
            return step.colour if value >= 1 else NO_DATA
    return NO_DATA


def hotspot_map(*, stations, localities, points, colouring: str) -> HotspotMap | None:
    """Lay out the map from the dashboard's station rows, locality rows and locality points.

    stations: StationRow (figures["operating"], figures["busts"], figures["lacking"]);
    localities: LocalityRow (operating, coordinates); points: locality_points(). None without coordinates.
    """
    colouring = colouring if colouring in COLOURINGS else DEFAULT_COLOURING
    by_station: dict[int, list[tuple[float, float]]] = {}
    for p in points:
        by_station.setdefault(p["station_id"], []).append((p["latitude"], p["longitude"]))
    placed = []
    for row in stations:
        spots = by_station.get(row.station.pk)
        if spots:
            lat = sum(s[0] for s in spots) / len(spots)
            lng = sum(s[1] for s in spots) / len(spots)
            placed.append((row, lat, lng))
    dots_in = [loc for loc in localities if loc.latitude is not None and loc.longitude is not None]
    coords = [(lat, lng) for _r, lat, lng in placed] + [(d.latitude, d.longitude) for d in dots_in]
    if not coords:
        return None
    lats, lngs = [c[0] for c in coords], [c[1] for c in coords]
    mid = math.radians((min(lats) + max(lats)) / 2)
    span_x = max((max(lngs) - min(lngs)) * math.cos(mid), 1e-4)
    span_y = max(max(lats) - min(lats), 1e-4)
    inner_w = WIDTH - 2 * MARGIN
    scale = min(inner_w / span_x, (MAX_HEIGHT - 2 * MARGIN) / span_y)
    height = int(min(MAX_HEIGHT, span_y * scale + 2 * MARGIN))
    off_x = (WIDTH - span_x * scale) / 2

    def xy(lat: float, lng: float) -> tuple[float, float]:
        x = off_x + (lng - min(lngs)) * math.cos(mid) * scale
        y = MARGIN + (max(lats) - lat) * scale
        return round(x, 1), round(y, 1)

    key = "busts" if colouring == "busts" else "lacking"
    top_size = max((row.tally.operating for row, _a, _b in placed), default=0)
    steps = _steps(max((getattr(row.tally, key) for row, _a, _b in placed), default=0))
    circles = []
    for row, lat, lng in placed:
        x, y = xy(lat, lng)
        measure = getattr(row.tally, key)
        circles.append(Circle(
            name=row.station.name, x=x, y=y, r=round(_radius(row.tally.operating, top_size), 1),
            colour=_colour(measure, steps), operating=row.tally.operating, measure=measure,
            url=row.figures["operating"].url,
        ))
    circles.sort(key=lambda c: (-c.r, c.name))  # small circles drawn last, on top
    circles = [
        Circle(**{**c.__dict__, "labelled": i < LABELLED and c.operating > 0}) for i, c in enumerate(circles)
    ]
    dots = []
    for d in dots_in:
        x, y = xy(d.latitude, d.longitude)
        dots.append(Dot(name=d.name, x=x, y=y, operating=d.operating.value, url=d.operating.url))
    sizes = sorted({v for v in (top_size, math.ceil(top_size / 4)) if v > 0}, reverse=True)
    return HotspotMap(
        width=WIDTH, height=height, circles=circles, dots=dots, legend=steps, colouring=colouring,
        colouring_label=str(COLOURINGS[colouring]), size_legend=[(v, round(_radius(v, top_size), 1), round(2 * _radius(v, top_size) + 2, 1),
                      round(_radius(v, top_size) + 1, 1)) for v in sizes],
    )
