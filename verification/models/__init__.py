"""Models of verification, one module per sub-domain: licences, agencies and letters, inspections."""
from .agencies import (  # noqa: F401
    Agency,
    LetterTemplate,
)
from .inspections import (  # noqa: F401
    Inspection,
    InspectionCapacity,
    InspectionPhoto,
    InspectionPlan,
)
from .letters import (  # noqa: F401
    AnswerImport,
    Letter,
    LetterEnclosure,
    LetterReminder,
    LetterReply,
    LetterSeries,
)
from .licences import (  # noqa: F401
    Licence,
)

__all__ = [
    "Agency",
    "AnswerImport",
    "Inspection",
    "InspectionCapacity",
    "InspectionPhoto",
    "InspectionPlan",
    "Letter",
    "LetterEnclosure",
    "LetterReminder",
    "LetterReply",
    "LetterSeries",
    "LetterTemplate",
    "Licence",
]
