"""Forms of verification, one module per sub-domain."""
from .licences import (  # noqa: F401
    LicenceForm,
)
