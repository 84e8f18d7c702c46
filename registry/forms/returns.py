"""Forms of station returns. They parse input; registry/services/returns.py decides.

Every choice of a police record comes from a `for_user` queryset.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.forms import PHONES_HELP, phones_widget
from stations.models import Locality

from ..choices import EntryAction
from ..models import StationReturn
from ..selectors.returns import period_label, period_parse, recent_periods, return_entry_choices


def _month_choices(count: int = 12) -> list[tuple[str, str]]:
    return [(period_label(p), formats.date_format(p, "F Y")) for p in recent_periods(count=count)]


class ReturnCreateForm(forms.Form):
    """Which month's return to prepare (this month or one of the eleven before)."""

    period = forms.ChoiceField(label=_("Month"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = _month_choices()
        self.fields["period"].widget.attrs["class"] = "form-select"

    def clean_period(self):
        value = period_parse(self.cleaned_data["period"])
        if value is None:
            raise ValidationError(_("Choose a month from the list."))
        return value


class ExistingEntryForm(forms.Form):
    """Add a call centre the registry already knows to the return."""

    mode = forms.CharField(widget=forms.HiddenInput, initial="existing")
    call_centre = forms.ModelChoiceField(
        label=_("Call centre"), queryset=None, empty_label=_("Choose a call centre of your station"),
        error_messages={"invalid_choice": _("That call centre cannot be added: it is not in your station's list or is already on the return.")},
    )
    action = forms.ChoiceField(label=_("Entry"), choices=EntryAction.choices, initial=EntryAction.LISTED)
    remarks = forms.CharField(label=_("Remarks"), max_length=300, required=False)

    def __init__(self, *args, user, station_return: StationReturn, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call_centre"].queryset = return_entry_choices(user=user, station_return=station_return)
        for name in ("call_centre", "action"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["remarks"].widget.attrs["class"] = "form-control"


class NewCallCentreEntryForm(forms.Form):
    """Register a call centre the registry does not know yet, and list it on the return."""

    mode = forms.CharField(widget=forms.HiddenInput, initial="new")
    new_name = forms.CharField(label=_("Name of the call centre"), max_length=200)
    new_company_name = forms.CharField(label=_("Operating company"), max_length=200, required=False)
    new_address = forms.CharField(label=_("Address"), max_length=400)
    new_locality = forms.ModelChoiceField(
        label=_("Locality"), queryset=None, empty_label=_("Choose a locality of your station"),
        error_messages={"invalid_choice": _("Choose one of your station's localities.")},
    )
    new_phones = forms.CharField(
        label=_("Phone numbers"), max_length=300, required=False, help_text=PHONES_HELP, widget=phones_widget()
    )
    new_started_on = forms.DateField(
        label=_("Started on"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD.")},
    )
    action = forms.ChoiceField(label=_("Entry"), choices=EntryAction.choices, initial=EntryAction.LISTED)
    remarks = forms.CharField(label=_("Remarks"), max_length=300, required=False)

    def __init__(self, *args, user, station_return: StationReturn, **kwargs):
        super().__init__(*args, **kwargs)
        # The localities of the return's station, within the user's scope.
        self.fields["new_locality"].queryset = (
            Locality.objects.for_user(user).filter(station_id=station_return.station_id).order_by("name")
        )
        for name, f in self.fields.items():
            if name != "mode":
                f.widget.attrs["class"] = "form-select" if isinstance(f, forms.ChoiceField) else "form-control"

    def clean_new_started_on(self):
        value = self.cleaned_data.get("new_started_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("The start date cannot be in the future."))
        return value


class ReturnEntryForm(forms.Form):
    """Edit an entry: operating or closed since the last return, and remarks."""

    action = forms.ChoiceField(label=_("Entry"), choices=EntryAction.choices)
    remarks = forms.CharField(label=_("Remarks"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].widget.attrs["class"] = "form-select"
        self.fields["remarks"].widget.attrs["class"] = "form-control"


class ReturnSubmitForm(forms.Form):
    is_nil = forms.BooleanField(
        label=_("Nil return: no call centre operates in our jurisdiction"), required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_nil"].widget.attrs["class"] = "form-check-input"


class ReturnReviewForm(forms.Form):
    ACCEPT = "accept"
    SEND_BACK = "send_back"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(ACCEPT, _("Accept the return")), (SEND_BACK, _("Send it back to the station"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether to accept the return or send it back.")},
    )
    remarks = forms.CharField(
        label=_("Remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text=_("Required when sending the return back: say what the station must correct."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.SEND_BACK and not (data.get("remarks") or "").strip():
            self.add_error("remarks", _("Say what the station must correct before sending the return back."))
        return data
