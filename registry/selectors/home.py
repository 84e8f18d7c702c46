"""The registry's home cards: each figure is the number of rows of the list its link opens,
counted by the list's own selector and FilterSet (core.home.home_cards), in one query."""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.home import HomeCard, QueueItem, filterset_rows, home_cards

from ..choices import OPERATING_STATUSES, ReturnStatus
from ..filters import CallCentreFilterSet
from .callcentres import callcentre_list
from .licences import licence_check

OPERATING = [str(s) for s in OPERATING_STATUSES]


def callcentre_card_params() -> dict[str, dict]:
    """The call-centre cards as filters of the list: all (merged records hidden, as the list
    hides them), operating, and operating call centres lacking a licence or awaiting an answer."""
    cards: dict[str, dict] = {"total": {}, "operating": {"status": OPERATING}}
    check = licence_check()
    if check is not None:
        cards["licence_lacking"] = {"status": OPERATING, "licence": check.lacking}
        cards["licence_pending"] = {"status": OPERATING, "licence": check.pending}
    return cards


def callcentre_cards(*, user) -> dict[str, HomeCard]:
    """The call-centre cards of the home pages (one query)."""
    cards = home_cards(
        rows=filterset_rows(user=user, queryset=callcentre_list(user=user), filterset_class=CallCentreFilterSet),
        list_url=reverse("registry:callcentre-list"),
        cards=callcentre_card_params(),
    )
    zero = HomeCard(count=0, url=reverse("registry:callcentre-list"))
    cards.setdefault("licence_lacking", zero)
    cards.setdefault("licence_pending", zero)
    return cards


def callcentre_counts(*, user) -> dict[str, int]:
    """The numbers of the call-centre cards (one query): in scope, operating, and of those how
    many lack a licence or await an agency's answer (the licence check's hook)."""
    return {key: card.count for key, card in callcentre_cards(user=user).items()}


# --------------------------------------------------------------------------- work queue


def registry_queue(*, user) -> list[QueueItem]:
    """What waits in the registry for this officer (one query for the returns, one for the rest):

    - the cyber crime team: returns submitted and awaiting acceptance;
    - a station: its returns sent back, its drafts to submit, association notices to act on;
    - zone officers, the cyber crime team and the commissioner: stations that have not submitted
      this month's return (the chase list).
    """
    from core.access import user_scope
    from core.permissions import may

    from ..filters import StationReturnFilterSet
    from ..services.returns import PERM_PREPARE, PERM_REVIEW, PERM_VIEW
    from .notices import station_queue
    from .returns import period_bounds, period_label, period_parse, return_list, stations_not_submitted

    scope = user_scope(user)
    returns: dict[str, dict] = {}
    if may(user, PERM_REVIEW):
        returns["returns-to-accept"] = {"status": ReturnStatus.SUBMITTED}
    at_station = scope.station_id is not None and may(user, PERM_PREPARE)
    if at_station:
        returns["returns-sent-back"] = {"status": ReturnStatus.SENT_BACK}
        returns["returns-draft"] = {"status": ReturnStatus.DRAFT}
    cards = home_cards(
        rows=filterset_rows(user=user, queryset=return_list(user=user), filterset_class=StationReturnFilterSet),
        list_url=reverse("registry:return-list"), cards=returns,
    )
    labels = {
        "returns-to-accept": (_("Returns awaiting your acceptance"), False),
        "returns-sent-back": (_("Returns sent back to you: correct and submit again"), True),
        "returns-draft": (_("Draft returns to submit"), False),
    }
    items = [QueueItem(key, labels[key][0], card, urgent=labels[key][1] and card.count > 0) for key, card in cards.items()]
    if at_station:
        notices = home_cards(
            rows=lambda data: station_queue(user=user, show_all=data.get("show") == "all"),
            list_url=reverse("registry:station-queue"), cards={"notices": {}},
        )
        items.append(QueueItem("notices-to-act", _("Call centres reported by associations, to verify"), notices["notices"]))
    elif may(user, PERM_VIEW) and scope.role is not None and not scope.station_id:
        period = period_bounds(timezone.localdate())[0]
        chase = home_cards(
            rows=lambda data: stations_not_submitted(user=user, period=period_parse(data.get("period"), default=period)),
            list_url=reverse("registry:return-chase"), cards={"chase": {"period": period_label(period)}},
        )
        items.append(QueueItem("stations-to-chase", _("Stations that have not submitted this month's return"),
                               chase["chase"], urgent=chase["chase"].count > 0))
    return items


def station_registry(*, user, station) -> list[QueueItem]:
    """A station's page: its call centres and its returns, each the list filtered by the station
    (one query each)."""
    from core.permissions import may

    from ..filters import StationReturnFilterSet
    from ..services.returns import PERM_VIEW
    from .returns import return_list

    centres = home_cards(
        rows=filterset_rows(user=user, queryset=callcentre_list(user=user), filterset_class=CallCentreFilterSet),
        list_url=reverse("registry:callcentre-list"),
        cards={"all": {"station": station.code}, "operating": {"station": station.code, "status": OPERATING}},
    )
    items = [QueueItem("station-callcentres", _("Call centres"), centres["all"]),
             QueueItem("station-operating", _("Operating call centres"), centres["operating"])]
    if may(user, PERM_VIEW):
        returns = home_cards(
            rows=filterset_rows(user=user, queryset=return_list(user=user), filterset_class=StationReturnFilterSet),
            list_url=reverse("registry:return-list"), cards={"returns": {"station": station.code}},
        )
        items.append(QueueItem("station-returns", _("Monthly returns"), returns["returns"]))
    return items
