"""Reads of enforcement that need joins or aggregates, one module per entity: persons, busts, arrests,
(prior) records, matches, bulletins, the network and likely masterminds.

Callers may import the common reads from here (`from offenders.selectors import person_detail`) or
from their module (`from offenders.selectors.persons import person_detail`).
"""
from .arrests import arrest_list
from .busts import bust_detail, bust_list, bust_timeline_events
from .matches import review_queue
from .persons import (
    bail_watch,
    identity_last_known_address,
    last_known_address,
    person_arrest_history,
    person_decisions,
    person_detail,
    person_is_repeat_offender,
    person_linked_records,
    person_list,
    person_prior_records,
    person_search,
    photo_prefetch,
    repeat_offenders,
    with_offence_counts,
)
from .records import prior_record_list

__all__ = [
    "arrest_list", "bail_watch", "bust_detail", "bust_list", "bust_timeline_events", "identity_last_known_address",
    "last_known_address", "person_arrest_history", "person_decisions", "person_detail", "person_is_repeat_offender",
    "person_linked_records", "person_list", "person_prior_records", "person_search", "photo_prefetch",
    "prior_record_list", "repeat_offenders", "review_queue", "with_offence_counts",
]
