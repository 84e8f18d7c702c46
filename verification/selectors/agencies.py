"""Reads of the agencies and their letter templates (city-wide reference data)."""
from __future__ import annotations

from django.db.models import QuerySet

from ..choices import AgencyKind
from ..models import Agency, LetterTemplate


def agencies_licensing() -> QuerySet[Agency]:
    """The active agencies that issue permissions: the default addressees of a batch of letters."""
    return Agency.objects.filter(active=True, kind=AgencyKind.LICENSING).order_by("name")


def letter_template_for(agency: Agency | None) -> LetterTemplate | None:
    """The agency's own template, else the default one (agency empty)."""
    if agency is not None:
        own = LetterTemplate.objects.filter(agency=agency).first()
        if own is not None:
            return own
    return LetterTemplate.objects.filter(agency__isnull=True).first()
