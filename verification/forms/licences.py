"""Forms of the licence check."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE, BootstrapMixin

from ..choices import LicenceKind, LicenceStatus


class LicenceForm(BootstrapMixin, forms.Form):
    """One agency's answer about one permission of a call centre."""

    kind = forms.ChoiceField(label=_("Permission"), choices=LicenceKind.choices)
    status = forms.ChoiceField(label=_("Finding"), choices=LicenceStatus.choices)
    agency = forms.CharField(label=_("Issuing agency"), max_length=150, required=False,
                             help_text=_("Left blank: the usual agency for this permission"))
    number = forms.CharField(label=_("Licence number"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    not_required_from = forms.DateField(label=_("Not required from"), required=False, widget=DATE,
                                        help_text=_("e.g. DoT stopped requiring OSP registration in November 2020"))
    reference = forms.CharField(label=_("Letter or answer reference"), max_length=100, required=False)
    checked_on = forms.DateField(label=_("Checked on"), required=False, widget=DATE)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
