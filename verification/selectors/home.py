"""Verification's lines of the home pages' work queue, each counted as the letters register
counts it for the same filter (core.home.home_cards)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.home import QueueItem, home_cards
from core.permissions import may


def verification_queue(*, user) -> list[QueueItem]:
    """Whoever writes letters (the cyber crime team): letters sent and awaiting an answer, and
    those overdue (one query for both)."""
    from ..services.letters import PERM_ADD
    from .letters import letters_register

    if not may(user, PERM_ADD):
        return []
    cards = home_cards(
        rows=lambda data: letters_register(user=user, state=data.get("state", "")),
        list_url=reverse("verification:letter-list"),
        cards={"letters-sent": {"state": "sent"}, "letters-overdue": {"state": "overdue"}},
    )
    return [
        QueueItem("letters-awaiting-answers", _("Letters sent, awaiting an answer"), cards["letters-sent"]),
        QueueItem("letters-overdue", _("Letters overdue for an answer"), cards["letters-overdue"],
                  urgent=cards["letters-overdue"].count > 0),
    ]
