"""Forms of verification, one module per sub-domain."""
from .inspections import (  # noqa: F401
    OfficersForm,
    OutcomeForm,
    RescheduleForm,
)
from .licences import (  # noqa: F401
    LicenceForm,
)
