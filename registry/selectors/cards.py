"""Cards that upper apps add to the pages of lower ones, without the lower app importing them.

An app registers `fn(*, user, obj) -> dict | None` for a page ("callcentre", "person",
"network") in its AppConfig.ready(); the page's view puts `detail_cards(page, user=..., obj=...)`
in its context and the template includes each card's `template` with the card as `card`.
A card function returns None to show nothing (e.g. a role that may not see it).
"""
from __future__ import annotations

from collections.abc import Callable

CardFunction = Callable[..., "dict | None"]

#: page -> [(key, fn)], in the order registered; filled by the apps' ready().
_CARDS: dict[str, dict[str, CardFunction]] = {}


def register_detail_card(page: str, key: str, card: CardFunction) -> CardFunction:
    """Add (or replace) the card `key` on `page`."""
    _CARDS.setdefault(page, {})[key] = card
    return card


def detail_cards(page: str, *, user, obj) -> list[dict]:
    """The cards of a page for this user and record: [{"template": ..., ...}]."""
    cards = []
    for card in _CARDS.get(page, {}).values():
        context = card(user=user, obj=obj)
        if context:
            cards.append(context)
    return cards
