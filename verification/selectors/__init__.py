"""Reads of verification, one module per sub-domain: licences, agencies, letters, inspections, risk."""
from .agencies import (  # noqa: F401
    agencies_licensing,
    letter_template_for,
)
from .inspections import (  # noqa: F401
    coming_week,
    inspection_detail,
    inspection_photo,
    inspection_timeline_events,
    missed_inspections,
    plan_carried_candidates,
    plan_detail,
    plan_list,
    plan_risk_candidates,
    plan_visits,
    plans_awaiting_approval,
    station_plans,
    station_visits_per_day,
    week_start,
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
    licence_card,
    licence_state_now,
    licence_state_q,
    licence_state_set_q,
    licence_timeline_events,
    licences_of,
    with_licence_state,
)
from .risk import (  # noqa: F401
    RISK_FACTORS,
    hotspot_localities,
    reason_label,
    reasons_shown,
    risk_ranked,
    risk_reasons,
    risk_weights,
    with_risk,
)
