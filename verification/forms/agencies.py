"""Forms of the agencies (the admin's form)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import LicenceKind
from ..models import Agency


class AgencyAdminForm(forms.ModelForm):
    """The admin's agency form: the permissions it issues as ticks, not JSON."""

    licence_kinds = forms.MultipleChoiceField(
        label=_("Permissions it issues"), choices=LicenceKind.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Agency
        fields = ["code", "name", "kind", "address", "contact", "licence_kinds", "answer_days", "active"]
