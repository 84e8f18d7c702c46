"""Writes of the registry, one module per sub-domain: callcentres, premises, duplicates (merges),
returns, notices, inbox, exports; the bulk import is its own package (registry.imports).

Other apps import the call-centre services from here (e.g. offenders sets a call centre's
status after a bust); inside the registry, import from the sub-domain's module.
"""
from .callcentres import (
    callcentre_move,
    callcentre_phone_add,
    callcentre_phone_remove,
    callcentre_register,
    callcentre_set_status,
    callcentre_update,
    night_shift_of,
)
from .duplicates import (
    MERGE_RELATIONS,
    MergeRelation,
    callcentre_merge,
    callcentre_merge_undo,
    duplicate_dismiss,
    duplicate_dismiss_undo,
)
from .premises import PremisesInput, landlord_key_of, premises_get_or_create, premises_update

__all__ = [
    "MERGE_RELATIONS", "MergeRelation", "PremisesInput", "callcentre_merge", "callcentre_merge_undo",
    "callcentre_move", "callcentre_phone_add", "callcentre_phone_remove", "callcentre_register",
    "callcentre_set_status", "callcentre_update", "duplicate_dismiss",
    "duplicate_dismiss_undo", "landlord_key_of", "night_shift_of", "premises_get_or_create", "premises_update",
]
