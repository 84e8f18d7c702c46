"""Reads of verification, one module per sub-domain."""
from .licences import (  # noqa: F401
    lacking_q,
    licence_card,
    licence_state_now,
    licence_state_q,
    licence_timeline_events,
    licences_of,
    with_licence_state,
)
