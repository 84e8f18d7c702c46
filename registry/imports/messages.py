"""What the officer reads about an import: row messages stored as a code and parameters, shown
in the officer's language whatever language the file was checked in; and the whole-file error."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: What the officer reads for each row message; rows store a code and parameters so the
#: preview is shown in the officer's language whatever language the file was checked in.
MESSAGES = {
    "missing_name": _("Name is missing."),
    "too_long": _("%(column)s is too long: at most %(max)s characters."),
    "control_characters": _("%(column)s contains invisible control characters (shown as �): remove them and upload again."),
    "missing_locality": _("Locality is missing."),
    "unknown_locality": _("Unknown locality “%(value)s”: write a locality of the registry (name or other spelling)."),
    "other_station": _("Locality “%(locality)s” belongs to station %(station)s, not %(batch_station)s."),
    "bad_phone": _("Bad phone number “%(value)s”: write 10 digits, optionally with +91 or 0 in front."),
    "bad_landlord_phone": _("Bad landlord's phone “%(value)s”: write 10 digits, optionally with +91 or 0 in front."),
    "bad_service": _("Unknown service “%(value)s”: write one of %(choices)s."),
    "bad_seats": _("Bad seats “%(value)s”: write a whole number from 0 to 100000."),
    "bad_shift": _("Bad shift “%(value)s”: write the hours like 21:00-06:00."),
    "bad_date": _("Bad start date “%(value)s”: write it as YYYY-MM-DD or DD/MM/YYYY."),
    "future_date": _("The start date %(value)s is in the future."),
    "dup_address_file": _("Same address as line %(line)s of this file."),
    "dup_phone_file": _("Same phone %(phone)s as line %(line)s of this file."),
    "dup_company_file": _("Same company as line %(line)s of this file."),
    "dup_name_file": _("Same name in the same locality as line %(line)s of this file."),
    "dup_address": _("Same address as “%(name)s” (%(station)s)."),
    "dup_phone": _("Same phone %(phone)s as “%(name)s” (%(station)s)."),
    "dup_company": _("Same company as “%(name)s” (%(station)s)."),
    "dup_name": _("Similar name in the same locality as “%(name)s” (%(station)s)."),
    "unknown_columns": _("Columns not in the template were ignored: %(columns)s."),
}
#: The same reasons, shown when the existing record is outside the viewer's jurisdiction.
HIDDEN_MESSAGES = {
    "dup_address": _("Same address as a call centre recorded by another station."),
    "dup_phone": _("Same phone %(phone)s as a call centre recorded by another station."),
    "dup_company": _("Same company as a call centre recorded by another station."),
    "dup_name": _("Similar name in the same locality as a call centre recorded by another station."),
}
ERROR = "error"
DUPLICATE = "duplicate"


class ImportFileError(ValidationError):
    """The file as a whole cannot be read (wrong type, empty, no `name` column, bad encoding)."""


def render_message(message: dict | str, *, hidden: bool = False) -> str:
    """A stored row message (or batch warning) in the current language."""
    if isinstance(message, str):
        return message
    code = message.get("code", "")
    template = (HIDDEN_MESSAGES.get(code) if hidden else None) or MESSAGES.get(code)
    if template is None:
        return str(message.get("text", code))
    try:
        return str(template) % message.get("params", {})
    except (KeyError, TypeError, ValueError):
        return str(template)


def msg(level: str, code: str, **params) -> dict:
    """A row message: its level, code and parameters (and the existing call centre it names, if any)."""
    return {"level": level, "code": code, "params": {k: v for k, v in params.items() if k != "call_centre_id"},
            **({"call_centre_id": params["call_centre_id"]} if "call_centre_id" in params else {})}
