"""Pages of verification, one module per sub-domain."""
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
from .licences import (  # noqa: F401
    licence_list_view,
)
