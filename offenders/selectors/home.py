"""The offenders' lines of the home pages' work queue and of a station's page, each counted
as the list its link opens counts it (core.home.home_cards)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.home import QueueItem, home_cards
from core.permissions import may


def offenders_queue(*, user) -> list[QueueItem]:
    """The cyber crime team: possible matches awaiting review (one query)."""
    from ..services.matches import PERM_REVIEW
    from .matches import review_queue

    if not may(user, PERM_REVIEW):
        return []
    cards = home_cards(rows=lambda data: review_queue(user=user), list_url=reverse("offenders:review-queue"),
                       cards={"matches": {}})
    return [QueueItem("matches-to-review", _("Possible matches awaiting review"), cards["matches"])]


def station_busts(*, user, station) -> list[QueueItem]:
    """A station's page: its busts (the bust list filtered by the station; one query)."""
    from ..filters import BustFilterSet
    from .busts import bust_list

    if not may(user, "offenders.view_bust"):
        return []
    cards = home_cards(
        rows=lambda data: BustFilterSet(data, queryset=bust_list(user=user)).qs,
        list_url=reverse("offenders:bust-list"), cards={"busts": {"station": station.code}},
    )
    return [QueueItem("station-busts", _("Busts"), cards["busts"])]


