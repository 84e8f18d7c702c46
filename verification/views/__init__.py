"""Pages of verification, one module per sub-domain."""
from .answers import answers_preview_view, answers_upload_view, letter_reconciliation_view  # noqa: F401, E402
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
