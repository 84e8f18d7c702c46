"""Decisions about possible matches between person records."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.access import ScopedManager, ScopePaths
from core.audit import audited
from core.models import TimeStampedModel

from ..choices import MatchVerdict


class MatchDecision(TimeStampedModel):
    """What is known about one pair of person records: same person, not, or awaiting review.

    One row per unordered pair (person_a has the lower id). SAME links the two records
    into one identity; DIFFERENT is remembered so the pair is never proposed again;
    PENDING puts an uncertain pair in the cyber crime team's review queue. A decision can
    be changed (a SAME undone goes back to PENDING); every change is in the history.
    """

    person_a = models.ForeignKey(
        "offenders.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    person_b = models.ForeignKey(
        "offenders.Person", verbose_name=_("other person"), on_delete=models.CASCADE, related_name="+"
    )
    verdict = models.CharField(_("decision"), max_length=10, choices=MatchVerdict.choices, db_index=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    scope_paths = ScopePaths(station="person_a__station", police_wide=True)
    objects = ScopedManager()
    history = audited()

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("match decision")
        verbose_name_plural = _("match decisions")
        permissions = [
            ("decide_match", _("Can confirm or reject a possible match of persons")),
            ("review_match", _("Can work the review queue of uncertain matches")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="one_decision_per_pair"),
            models.CheckConstraint(name="decision_pair_ordered", condition=Q(person_a__lt=models.F("person_b"))),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id}: {self.get_verdict_display()}"

    def other(self, person_id: int) -> int:
        return self.person_b_id if person_id == self.person_a_id else self.person_a_id
