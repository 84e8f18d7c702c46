"""Writes of verification, one module per sub-domain."""
from .licences import (  # noqa: F401
    PERM_CHANGE,
    PERM_RECORD,
    licence_may_record,
    licence_record,
)
