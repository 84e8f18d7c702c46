"""What the enforcement services share: the station a record belongs to, cleaning typed text and choices,
refusing unknown fields, and saving a row whose files were just written.

Every service of offenders/services/ takes keyword-only arguments and an `actor`, starts with
`require(actor, "offenders.<perm>")` (core.permissions: 403 without the permission), validates
with `full_clean()`, runs in one transaction and checks before it commits that what it wrote is
within the actor's jurisdiction (`ensure_in_scope`). Bad input raises ValidationError in the
officer's terms (forms show it, the API turns it into a 400).

The exceptions take no permission of their own: `match_check` and `identity_rebuild` are steps of
services that checked the actor; `bulletin_publish`, `bulletins_weekly` and `bulletin_generate_job`
run as the system (the schedule, or a job the cyber crime team was allowed to request); and
`bulletin_receipt_record` only notes that a station opened a bulletin its officer may read.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _g

from core.access import CHANGE, ensure_in_scope
from stations.models import PoliceStation


def check_fields(fields: Iterable[str], allowed: set[str]) -> None:
    """Refuse keyword arguments a service does not know (a typo must not be dropped silently)."""
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(_g("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})


def station_for(actor, station) -> PoliceStation:
    """The station a new record belongs to: the officer's own, or one chosen by a city-wide role."""
    if station is None:
        station = getattr(actor, "station", None)
    if station is None:
        raise ValidationError({"station": _g("Choose the station.")})
    if not PoliceStation.objects.for_user(actor, CHANGE).filter(pk=station.pk).exists():
        raise ValidationError({"station": _g("This station is outside your jurisdiction.")})
    return station


def clean_text(value) -> str:
    """Typed text on one line: runs of spaces, tabs and newlines become one space."""
    return " ".join(str(value or "").split())


def text_list(raw, *, limit: int = 30, size: int = 60) -> list[str]:
    """Names from a list or a comma-separated text, cleaned and without repeats."""
    if raw is None or raw == "":
        return []
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise ValidationError(_g("Write names as text, separated by commas."))
        value = clean_text(item)[:size]
        if value and value.casefold() not in {o.casefold() for o in out}:
            out.append(value)
    return out[:limit]


def choice(value, choices, field_name: str, *, blank: bool = True) -> str:
    """`value` if it is one of `choices` (a TextChoices), or blank when allowed; else a ValidationError on the field."""
    value = value or ""
    if (value == "" and blank) or value in choices.values:
        return value
    raise ValidationError({field_name: _g("Choose one of the listed values.")})


def save_with_files(*, actor, obj, files) -> None:
    """Save a row whose files were just written; if the row is refused, remove the files again.

    (Files written inside an outer transaction that later rolls back are not removed: the
    services that store files are called on their own by views and viewsets.)
    """
    try:
        with transaction.atomic():
            obj.full_clean()
            obj.save()
            ensure_in_scope(actor, obj)
    except BaseException:
        for stored in files:
            if stored:
                stored.storage.delete(stored.name)
        raise
