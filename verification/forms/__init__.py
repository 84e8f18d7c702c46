"""Forms of verification, one module per sub-domain: licences, agencies, letters, inspections."""
from .agencies import (  # noqa: F401
    AgencyAdminForm,
)
from .inspections import (  # noqa: F401
    OfficersForm,
    OutcomeForm,
    RescheduleForm,
)
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
