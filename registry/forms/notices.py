"""The form of an association's notice of a new call centre."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stations.models import Locality

from ..models import AssociationNotice


class AssociationNoticeForm(forms.ModelForm):
    """What an association member tells the police about a new set-up."""

    class Meta:
        model = AssociationNotice
        fields = [
            "name", "company_name", "address", "locality", "started_on", "contact_name", "contact_phone", "contact_email",
        ]
        widgets = {"started_on": forms.DateInput(attrs={"type": "date"})}
        help_texts = {"contact_phone": _("A 10-digit mobile or landline number, e.g. 98765 43210.")}
        error_messages = {"started_on": {"invalid": _("Enter the date as YYYY-MM-DD.")}}

    # The phone is normalised by the service; the form accepts how people write it (+91, spaces, dashes).
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Localities are reference data (the public names of sectors and phases), not police records:
        # the member must say where the set-up is, and listing every locality reveals nothing about
        # any station's call centres, notices or returns. So this is not a scope leak.
        self.fields["locality"].queryset = Locality.objects.order_by("name")
        self.fields["locality"].empty_label = _("Choose the locality")
        self.fields["locality"].error_messages["invalid_choice"] = _("Choose a locality from the list.")
        for name, f in self.fields.items():
            f.widget.attrs["class"] = "form-select" if name == "locality" else "form-control"

    def clean_started_on(self):
        value = self.cleaned_data.get("started_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("The start date cannot be in the future."))
        return value

    def _post_clean(self):
        # The model instance is built by the service (phone normalised there); skip ModelForm's
        # model validation so a "+91 98765-43210" is not refused for its length.
        pass
