"""Reads of association notices and the station's queue."""
from __future__ import annotations

from django.db.models import QuerySet

from ..choices import CallCentreStatus
from ..models import AssociationNotice


def notice_list(*, user) -> QuerySet[AssociationNotice]:
    """Notices the user may see (members: their own; police: their scope), with what the status needs."""
    return (
        AssociationNotice.objects.for_user(user)
        .select_related("locality", "locality__station", "call_centre", "submitted_by")
        .order_by("-created_at", "-pk")
    )


def station_queue(*, user, show_all: bool = False) -> QuerySet[AssociationNotice]:
    """The station's queue: notices whose call centre is still only "reported" (or all of them)."""
    notices = notice_list(user=user)
    if not show_all:
        notices = notices.filter(call_centre__status=CallCentreStatus.REPORTED)
    return notices
