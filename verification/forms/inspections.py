"""Forms of inspections: the station's changes to its schedule, and the outcome of a visit.

Dates are written and shown day first (dd/mm/yyyy); ISO dates are accepted too.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_FORMATS, BootstrapMixin

from ..choices import CHECKLIST_ITEMS, InspectionResult, LicenceKind, PermissionSeen, YesNo

DAY_FIRST = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"})


def _day_field(label, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, widget=DAY_FIRST, input_formats=DATE_FORMATS, **kwargs)


class RescheduleForm(BootstrapMixin, forms.Form):
    """Move a visit to another day, with the reason."""

    new_date = _day_field(_("New date"), help_text=_("dd/mm/yyyy; today or later, in the plan's week or after"))
    reason = forms.CharField(label=_("Reason"), max_length=300)


class OfficersForm(BootstrapMixin, forms.Form):
    officers = forms.CharField(label=_("Officers assigned"), max_length=300, required=False,
                               help_text=_("Names or belt numbers, separated by commas"))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photographs in one field (each is checked by the service, with offenders.photos)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultiplePhotoField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _radio(label, choices) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, required=False)


class OutcomeForm(BootstrapMixin, forms.Form):
    """What the visit found. The checklist fields are not `required` here: the service refuses an
    incomplete checklist with one message that names every missing item."""

    visited_on = _day_field(_("Visited on"), help_text=_("dd/mm/yyyy"))
    result = forms.ChoiceField(label=_("Result"), choices=[("", "—"), *InspectionResult.choices])
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    photos = MultiplePhotoField(label=_("Photographs (JPEG, PNG or WebP, at most 5 MB each)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in LicenceKind:
            self.fields[f"perm_{kind.value}"] = _radio(kind.label, PermissionSeen.choices)
        for key, label in CHECKLIST_ITEMS.items():
            self.fields[key] = _radio(label, YesNo.choices)
        self.fields["customer_source"] = forms.CharField(label=_("Source of customers"), max_length=300,
                                                         required=False)
        self.fields["payment_mode"] = forms.CharField(label=_("Mode of payment"), max_length=300, required=False)
        for field in self.fields.values():
            if isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "form-check-input"

    def permission_fields(self):
        return [self[f"perm_{kind.value}"] for kind in LicenceKind]

    def item_fields(self):
        return [self[key] for key in CHECKLIST_ITEMS] + [self["customer_source"], self["payment_mode"]]

    def checklist(self) -> dict:
        data = self.cleaned_data
        return {
            "permissions": {kind.value: data.get(f"perm_{kind.value}") or None for kind in LicenceKind},
            **{key: data.get(key) or None for key in CHECKLIST_ITEMS},
            "customer_source": data.get("customer_source", ""),
            "payment_mode": data.get("payment_mode", ""),
        }
