"""Forms of verification, one module per sub-domain."""
from .agencies import AgencyAdminForm  # noqa: F401
from .letters import (  # noqa: F401
    STEP_FORMS,
    AnswerUploadForm,
    LetterFilterForm,
    LetterOtherForm,
    LetterReplyForm,
    LetterRequestForm,
)
from .licences import (  # noqa: F401
    LicenceForm,
)
