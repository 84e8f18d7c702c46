"""Reads of the registry, one module per sub-domain: callcentres, premises, churn, timeline,
duplicates, returns, notices, and the licence check's hook (licences).

Other apps import what they need from here (the call-centre list, the timeline and its
hook); inside the registry, import from the sub-domain's module.
"""
from .callcentres import callcentre_detail_queryset, callcentre_list
from .home import callcentre_counts
from .premises import landlord_other_premises, premises_list, premises_occupancies
from .timeline import TIMELINE_SOURCES, TimelineEvent, callcentre_timeline, register_timeline_source

__all__ = [
    "TIMELINE_SOURCES", "TimelineEvent", "callcentre_counts", "callcentre_detail_queryset", "callcentre_list",
    "callcentre_timeline", "landlord_other_premises", "premises_list", "premises_occupancies",
    "register_timeline_source",
]
