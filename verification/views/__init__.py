"""Pages of verification, one module per sub-domain: licences, letters, answers, inspections."""
from .answers import (  # noqa: F401
    answers_preview_view,
    answers_upload_view,
    letter_reconciliation_view,
)
from .inspections import (  # noqa: F401
    inspection_detail,
    inspection_home,
    inspection_move,
    inspection_officers,
    inspection_outcome,
    inspection_photo,
    inspection_plan,
    inspection_plan_approve,
    inspection_propose,
    inspection_reschedule,
    inspection_risk,
    inspection_station,
)
from .letters import (  # noqa: F401
    letter_detail_view,
    letter_list_view,
    letter_other_create_view,
    letter_pdf_view,
    letter_redraw_view,
    letter_reply_add_view,
    letter_reply_view,
    letter_request_view,
    letter_step_view,
)
from .licences import (  # noqa: F401
    licence_list_view,
)
