"""Writes of verification, one module per sub-domain: licences, agencies, letters, answers, inspections."""
from .agencies import (  # noqa: F401
    agency_save,
)
from .answers import (  # noqa: F401
    answers_preview,
    answers_save,
)
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
from .letters import (  # noqa: F401
    MAX_REPLY_BYTES,
    cycle_default,
    letter_mark_acknowledged,
    letter_mark_answered,
    letter_mark_sent,
    letter_other_create,
    letter_overdue_days,
    letter_pdf_redraw,
    letter_pdf_render,
    letter_reply_add,
    letters_generate_work,
    letters_remind,
    letters_request,
    reference_allocate,
)
from .licences import (  # noqa: F401
    PERM_CHANGE,
    PERM_RECORD,
    licence_may_record,
    licence_record,
)
