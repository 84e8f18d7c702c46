"""Forms of prior records (arrests by other forces): one record, or a CSV file of them."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import ArrestRole, Force
from .fields import DATE, StationChoiceMixin


class PriorRecordForm(StationChoiceMixin, forms.Form):
    force = forms.ChoiceField(label=_("Force"), choices=Force.choices)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    police_station = forms.CharField(label=_("Police station"), max_length=150, required=False)
    fir_number = forms.CharField(label=_("FIR number"), max_length=40, required=False)
    sections = forms.CharField(label=_("Sections"), max_length=300, required=False,
                               help_text=_("As the other force wrote them"))
    arrested_on = forms.DateField(label=_("Arrested on"), required=False, widget=DATE)
    role = forms.ChoiceField(label=_("Role"), choices=[("", "—"), *ArrestRole.choices], required=False)
    bail_date = forms.DateField(label=_("Bail granted on"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_station(user)


class PriorImportForm(StationChoiceMixin, forms.Form):
    file = forms.FileField(label=_("CSV file (UTF-8)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_station(user)

