"""Aggregates of the dashboards, in SQL: one grouped (or conditionally counted) query per panel.

Every figure is a `Figure`: a number and the address of the filtered list that shows exactly
that many rows. The figure and its list are kept equal by construction: each count uses the
same condition as the list's FilterSet parameter (for the churn and repeat-offender flags the
count asks the FilterSet itself for its condition, as a subquery), and starts from the same
`for_user` scope as the list.

Queries of a dashboard, whatever the data size:
  1. call centres: status, licence state, churn and new set-ups (one conditional aggregate)
  2. call centres by locality (hotspots; also the map's locality dots)
  3. busts per month over the last 12 months
  4. the stations of the dashboard (with their zones)
  5. call centres by station, 6. busts by station, 7. arrests by station, 8. this month's returns
  9. the localities' coordinates (the map)
Totals, zone roll-ups and the map are sums of the per-station rows, made in Python.
"""
from .board import Board, Month, StationRow, Tally, ZoneRow, bust_months, station_board, tally_figures
from .callcentres import LocalityRow, callcentre_summary, locality_points, locality_rows
from .figures import (
    DEFAULT_PERIOD,
    PERIOD_CHOICES,
    TOP_LOCALITIES,
    Dates,
    Figure,
    Period,
    Unit,
    list_url,
    period_of,
)

__all__ = [
    "DEFAULT_PERIOD", "PERIOD_CHOICES", "TOP_LOCALITIES", "Board", "Dates", "Figure", "LocalityRow", "Month",
    "Period", "StationRow", "Tally", "Unit", "ZoneRow", "bust_months", "callcentre_summary", "list_url",
    "locality_points", "locality_rows", "period_of", "station_board", "tally_figures",
]
