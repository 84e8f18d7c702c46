"""Fields and pieces the offenders forms share: the Aadhaar field that never shows a number back,
the station choice of city-wide roles, the date widget.

Aadhaar numbers are typed into `AadhaarField`, whose widget never shows a value back
(not after an error, not when editing): the number lives only in the request.
"""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE
from stations.models import PoliceStation

from ..aadhaar import aadhaar_validate


class NoEchoInput(forms.TextInput):
    """A text input that never renders the submitted value back into the page."""

    def __init__(self, attrs=None):
        base = {"autocomplete": "off", "spellcheck": "false"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        return None


class AadhaarField(forms.CharField):
    """A 12-digit Aadhaar number (Verhoeff-checked); cleaned to digits, never re-displayed."""

    widget = NoEchoInput(attrs={"inputmode": "numeric", "maxlength": "14", "placeholder": "XXXX XXXX XXXX"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Aadhaar number"))
        kwargs.setdefault("help_text", _("Only the last four digits are kept; the number is never shown again."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return aadhaar_validate(value) if value else ""


def _station_field(user, required=True):
    return forms.ModelChoiceField(
        label=_("Station"), queryset=PoliceStation.objects.for_user(user, CHANGE).order_by("name"), required=required
    )


class StationChoiceMixin:
    """City-wide roles choose the station a record belongs to; station officers write for their own."""

    def add_station(self, user):
        if getattr(user, "station_id", None) is None:
            self.fields["station"] = _station_field(user)
            self.order_fields(["station", *[f for f in self.fields if f != "station"]])


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

