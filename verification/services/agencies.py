"""Writes of the agencies (reference data; administrators edit them in the admin, which calls this)."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _g

from core.permissions import require

from ..models import Agency


@transaction.atomic
def agency_save(*, actor, agency: Agency) -> Agency:
    """Save an agency after its checks (code upper-case, permissions it issues known)."""
    require(actor, "verification.add_agency" if agency.pk is None else "verification.change_agency",
            _g("Your role cannot change the agencies."))
    agency.full_clean()
    agency._history_user = actor
    agency.save()
    return agency
