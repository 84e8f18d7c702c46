"""Writes of enforcement, one module per entity: busts, persons, arrests, (prior) records, matches, bulletins.

Callers may import a service from here (`from offenders import services; services.bust_create(...)`)
or from its module (`from offenders.services.busts import bust_create`).
"""
from .arrests import arrest_create, arrest_update
from .bulletins import (
    bulletin_generate_job,
    bulletin_publish,
    bulletin_receipt_record,
    bulletin_request,
    bulletins_weekly,
)
from .busts import bust_create, bust_document_add, bust_update
from .matches import (
    identity_rebuild,
    match_check,
    match_check_may_decide,
    match_confirm,
    match_decide,
    match_reject,
    match_undo,
)
from .persons import (
    person_account_add,
    person_address_add,
    person_alias_add,
    person_create,
    person_document_add,
    person_part_remove,
    person_phone_add,
    person_photo_add,
    person_update,
)
from .records import prior_record_create, prior_records_import_csv

__all__ = [
    "arrest_create", "arrest_update",
    "bulletin_generate_job", "bulletin_publish", "bulletin_receipt_record", "bulletin_request", "bulletins_weekly",
    "bust_create", "bust_document_add", "bust_update",
    "identity_rebuild", "match_check", "match_check_may_decide", "match_confirm", "match_decide", "match_reject",
    "match_undo",
    "person_account_add", "person_address_add", "person_alias_add", "person_create", "person_document_add",
    "person_part_remove", "person_phone_add", "person_photo_add", "person_update",
    "prior_record_create", "prior_records_import_csv",
]
