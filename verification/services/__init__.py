"""Writes of verification, one module per sub-domain."""
from .inspections import (  # noqa: F401
    PERM_APPROVE,
    PERM_CHANGE_INSPECTION,
    PERM_PROPOSE,
    checklist_clean,
    inspection_assign,
    inspection_move,
    inspection_plan_approve,
    inspection_plan_propose,
    inspection_plans_job,
    inspection_plans_propose,
    inspection_plans_request,
    inspection_record_outcome,
    inspection_reschedule,
    inspections_mark_missed,
)
from .licences import (  # noqa: F401
    PERM_CHANGE,
    PERM_RECORD,
    licence_may_record,
    licence_record,
)
