"""Forms of the call-centre pages. They parse input; the services in registry/services/ decide.

Choice fields start from `for_user`, so an officer is never offered another station's localities.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import DATE, DATE_FORMATS, PHONES_HELP, TIME, BootstrapMixin, phones_widget
from core.permissions import may
from core.phones import normalize_phone_list
from stations.models import Locality, PoliceStation

from ..choices import STATUS_TRANSITIONS, CallCentreSource, CallCentreStatus, Direction, Service
from ..services.callcentres import PERM_REASSIGN


def _blank(choices) -> list:
    return [("", "---------"), *choices]


class PhonesField(forms.CharField):
    """Several phone numbers in one box, separated by ; or commas; cleaned to 10 digits each."""

    def clean(self, value):
        value = super().clean(value)
        try:
            return normalize_phone_list(value or "")
        except ValidationError as exc:
            raise ValidationError(exc.messages)


class ProfileFields(forms.Form):
    """The work profile: shared by the register and edit forms."""

    trading_names = forms.CharField(label=_("Trading names"), required=False, max_length=400,
                                    help_text=_("Other names it trades under, separated by ;"))
    company_name = forms.CharField(label=_("Operating company"), required=False, max_length=200)
    company_registration = forms.CharField(label=_("Company registration number"), required=False, max_length=50)
    phones = PhonesField(label=_("Phone numbers"), required=False, help_text=PHONES_HELP, widget=phones_widget())
    direction = forms.ChoiceField(label=_("Calls"), required=False, choices=_blank(Direction.choices))
    service = forms.ChoiceField(label=_("Service"), required=False, choices=_blank(Service.choices))
    markets = forms.CharField(label=_("Markets served"), required=False, max_length=400,
                              help_text=_("Countries, separated by commas (e.g. USA, UK, Australia)"))
    languages = forms.CharField(label=_("Languages"), required=False, max_length=400,
                                help_text=_("Separated by commas"))
    seats = forms.IntegerField(label=_("Seats"), required=False, min_value=0, max_value=100000)
    shift_start = forms.TimeField(label=_("Shift starts"), required=False, widget=TIME)
    shift_end = forms.TimeField(label=_("Shift ends"), required=False, widget=TIME)
    started_on = forms.DateField(label=_("Started on"), required=False, widget=DATE, input_formats=DATE_FORMATS)
    source = forms.ChoiceField(label=_("Source"), choices=CallCentreSource.choices, initial=CallCentreSource.STATION_SURVEY)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CallCentreRegisterForm(BootstrapMixin, ProfileFields):
    """Put a new call centre on the registry."""

    name = forms.CharField(label=_("Name"), max_length=200)
    address = forms.CharField(label=_("Address"), max_length=400,
                              help_text=_("Plot or house, floor, building, sector or phase"))
    locality = forms.ModelChoiceField(label=_("Locality"), queryset=Locality.objects.none())
    station = forms.ModelChoiceField(
        label=_("Station"), queryset=PoliceStation.objects.none(), required=False,
        help_text=_("Leave empty: the station of the locality. Set only to correct it."),
    )
    landlord_name = forms.CharField(label=_("Landlord"), required=False, max_length=150)
    landlord_phone = forms.CharField(label=_("Landlord's phone"), required=False, max_length=20)
    lease_start = forms.DateField(label=_("Lease start"), required=False, widget=DATE, input_formats=DATE_FORMATS)
    lease_end = forms.DateField(label=_("Lease end"), required=False, widget=DATE, input_formats=DATE_FORMATS)
    rooms = forms.IntegerField(label=_("Rooms"), required=False, min_value=0, max_value=10000)

    field_order = [
        "name", "trading_names", "company_name", "company_registration", "address", "locality", "station", "phones",
        "direction", "service", "markets", "languages", "seats", "shift_start", "shift_end", "started_on", "source",
        "landlord_name", "landlord_phone", "lease_start", "lease_end", "rooms", "notes",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = Locality.objects.for_user(user).select_related("station").order_by("name")
        if may(user, PERM_REASSIGN):
            self.fields["station"].queryset = PoliceStation.objects.for_user(user).order_by("name")
        else:
            del self.fields["station"]


class CallCentreEditForm(BootstrapMixin, ProfileFields):
    """Change a call centre's names, company, phones and work profile (moves have their own form)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    station = forms.ModelChoiceField(label=_("Station"), queryset=PoliceStation.objects.none(), required=False)

    field_order = ["name", "trading_names", "company_name", "company_registration", "station", "phones"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if may(user, PERM_REASSIGN):
            self.fields["station"].queryset = PoliceStation.objects.for_user(user).order_by("name")
        else:
            del self.fields["station"]

    @staticmethod
    def initial_for(call_centre) -> dict:
        return {
            "name": call_centre.name,
            "trading_names": call_centre.trading_names,
            "company_name": call_centre.company_name,
            "company_registration": call_centre.company_registration,
            "station": call_centre.station_id,
            "phones": "; ".join(p.number for p in call_centre.phones.all()),
            "direction": call_centre.direction,
            "service": call_centre.service,
            "markets": ", ".join(call_centre.markets or []),
            "languages": ", ".join(call_centre.languages or []),
            "seats": call_centre.seats,
            "shift_start": call_centre.shift_start,
            "shift_end": call_centre.shift_end,
            "started_on": call_centre.started_on,
            "source": call_centre.source,
            "notes": call_centre.notes,
        }


class StatusForm(BootstrapMixin, forms.Form):
    """Move a call centre to one of the statuses its current status allows."""

    status = forms.ChoiceField(label=_("New status"))
    on = forms.DateField(label=_("On"), required=False, widget=DATE, input_formats=DATE_FORMATS,
                         help_text=_("For closed or vacated: the day it ended (today if empty)"))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = STATUS_TRANSITIONS.get(current, set())
        self.fields["status"].choices = [(v, label) for v, label in CallCentreStatus.choices if v in allowed]


class MoveForm(BootstrapMixin, forms.Form):
    """The call centre moved to other premises."""

    address = forms.CharField(label=_("New address"), max_length=400)
    locality = forms.ModelChoiceField(label=_("Locality"), queryset=Locality.objects.none())
    moved_on = forms.DateField(label=_("Moved on"), required=False, widget=DATE, input_formats=DATE_FORMATS)
    landlord_name = forms.CharField(label=_("Landlord"), required=False, max_length=150)
    landlord_phone = forms.CharField(label=_("Landlord's phone"), required=False, max_length=20)
    lease_start = forms.DateField(label=_("Lease start"), required=False, widget=DATE, input_formats=DATE_FORMATS)
    lease_end = forms.DateField(label=_("Lease end"), required=False, widget=DATE, input_formats=DATE_FORMATS)
    rooms = forms.IntegerField(label=_("Rooms"), required=False, min_value=0, max_value=10000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = Locality.objects.for_user(user).order_by("name")
