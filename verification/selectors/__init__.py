"""Reads of verification, one module per sub-domain."""
from .agencies import (  # noqa: F401
    agencies_licensing,
    letter_template_for,
)
from .letters import (  # noqa: F401
    MAX_PICK,
    enclosure_rows,
    letter_all_enclosures_visible,
    letter_enclosures,
    letter_reconciliation,
    letter_replies,
    letter_zone_ids,
    letters_overdue,
    letters_pick_call_centres,
    letters_register,
    overdue_q,
)
from .licences import (  # noqa: F401
    lacking_q,
    licence_state_now,
    licence_state_q,
    licence_timeline_events,
    licences_of,
    with_licence_state,
)
