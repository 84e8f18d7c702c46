"""Form of an arrest: role, bail and release."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import ArrestRole
from .fields import DATE


class ArrestForm(forms.Form):
    arrested_on = forms.DateField(label=_("Arrested on"), required=False, widget=DATE,
                                  help_text=_("The raid date if left empty"))
    role = forms.ChoiceField(label=_("Role"), choices=ArrestRole.choices, initial=ArrestRole.CALLER)
    bail_date = forms.DateField(label=_("Bail granted on"), required=False, widget=DATE)
    bail_court = forms.CharField(label=_("Bail granted by (court)"), max_length=200, required=False)
    released_on = forms.DateField(label=_("Released on"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def arrest_fields(self) -> dict:
        return dict(self.cleaned_data)

