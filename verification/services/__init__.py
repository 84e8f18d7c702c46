"""Writes of verification, one module per sub-domain."""
from .agencies import agency_save  # noqa: F401
from .answers import answers_preview, answers_save  # noqa: F401, E402
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
