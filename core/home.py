"""The home pages' hook: apps add their counts to the summary without core knowing them.

An app registers `fn(*, user) -> value` under a key in its AppConfig.ready(); the home page's
summary then holds `summary[key] = fn(user=user)` (e.g. registry adds "call_centres").
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.db.models import Count, Q
from django.http import QueryDict

HomeSection = Callable[..., Any]

#: key -> fn(*, user); filled by the apps' ready().
HOME_SECTIONS: dict[str, HomeSection] = {}


def register_home_section(key: str, section: HomeSection) -> HomeSection:
    """Add (or replace) a section of the home pages' summary."""
    HOME_SECTIONS[key] = section
    return section


def home_sections(*, user) -> dict[str, Any]:
    """Every registered section's value for this user."""
    return {key: section(user=user) for key, section in HOME_SECTIONS.items()}


# --------------------------------------------------------------------------- cards = list rows


@dataclass(frozen=True)
class HomeCard:
    """One figure of a home page and the list it opens: `count` is exactly the rows `url` lists."""

    count: int
    url: str


def filterset_rows(*, user, queryset, filterset_class) -> Callable[[QueryDict], Any]:
    """A list's rows for given parameters, as its page filters them (its FilterSet on its selector)."""
    request = SimpleNamespace(user=user)
    return lambda data: filterset_class(data, queryset=queryset, request=request).qs


def home_cards(*, rows: Callable[[QueryDict], Any], list_url: str, cards: dict[str, dict]) -> dict[str, HomeCard]:
    """Several cards over one list, counted in ONE query.

    Each card names the list's parameters (`{"status": [...], "licence": "pending"}`); its count
    is the number of rows `rows(parameters)` answers (the list's own selector and filter, as the
    page calls them), and its link opens the list with those parameters.
    """
    conditions = {}
    for key, params in cards.items():
        data = QueryDict(mutable=True)
        for name, value in params.items():
            data.setlist(name, [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)])
        conditions[key] = (rows(data), data.urlencode())
    if not conditions:
        return {}
    model = next(iter(conditions.values()))[0].model
    counts = model._default_manager.aggregate(
        **{key: Count("pk", filter=Q(pk__in=qs.values("pk"))) for key, (qs, _query) in conditions.items()}
    )
    return {
        key: HomeCard(count=counts[key], url=f"{list_url}?{query}" if query else list_url)
        for key, (_qs, query) in conditions.items()
    }


# --------------------------------------------------------------------------- work queues


@dataclass(frozen=True)
class QueueItem:
    """One line of a home page's work queue: what waits for this officer, and the list of it."""

    key: str
    label: str
    card: HomeCard
    #: shown in red (late or sent back)
    urgent: bool = False


#: fn(*, user) -> list[QueueItem]; apps register theirs in ready() (core knows none of them).
WORK_QUEUES: list[Callable[..., list[QueueItem]]] = []


def register_work_queue(queue: Callable[..., list[QueueItem]]) -> Callable[..., list[QueueItem]]:
    if queue not in WORK_QUEUES:
        WORK_QUEUES.append(queue)
    return queue


def work_queue(*, user) -> list[QueueItem]:
    """What waits for this officer, across the apps (each app's lines in one query)."""
    return [item for queue in WORK_QUEUES for item in queue(user=user)]


# --------------------------------------------------------------------------- a station's page

#: fn(*, user, station) -> list[QueueItem]: the lists a station's page opens (its call centres,
#: returns, busts...), each counted as its list counts it. Apps above `stations` register theirs.
STATION_SECTIONS: list[Callable[..., list[QueueItem]]] = []


def register_station_section(section: Callable[..., list[QueueItem]]) -> Callable[..., list[QueueItem]]:
    if section not in STATION_SECTIONS:
        STATION_SECTIONS.append(section)
    return section


def station_sections(*, user, station) -> list[QueueItem]:
    return [item for section in STATION_SECTIONS for item in section(user=user, station=station)]
