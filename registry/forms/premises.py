"""The form of a premises' landlord, lease and rooms."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE, DATE_FORMATS, BootstrapMixin


class PremisesForm(BootstrapMixin, forms.Form):
    """The landlord, the lease and the rooms of a premises."""

    landlord_name = forms.CharField(label=_("Landlord"), required=False, max_length=150)
    landlord_phone = forms.CharField(label=_("Landlord's phone"), required=False, max_length=20)
    lease_start = forms.DateField(label=_("Lease start"), required=False, widget=DATE, input_formats=DATE_FORMATS)
    lease_end = forms.DateField(label=_("Lease end"), required=False, widget=DATE, input_formats=DATE_FORMATS)
    rooms = forms.IntegerField(label=_("Rooms"), required=False, min_value=0, max_value=10000)
