"""Forms of persons: their own fields, a new person with first details, and each thing added later (PART_FORMS)."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import PHONES_HELP, phones_widget

from ..aadhaar import aadhaar_validate
from ..choices import AccountKind, DocumentKind, Gender, Relation
from ..photos import MAX_PHOTO_BYTES
from .fields import DATE, AadhaarField, NoEchoInput, StationChoiceMixin


class PersonCoreForm(forms.Form):
    """A person's own fields (used to create and to edit)."""

    name = forms.CharField(label=_("Name"), max_length=200)
    relation = forms.ChoiceField(label=_("Relation"), choices=[("", "—"), *Relation.choices], required=False)
    father_name = forms.CharField(label=_("Father's or husband's name"), max_length=200, required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False)
    dob = forms.DateField(label=_("Date of birth"), required=False, widget=DATE)
    age = forms.IntegerField(label=_("Age (when the date of birth is unknown)"), min_value=1, max_value=120,
                             required=False)
    age_on = forms.DateField(label=_("Age recorded on"), required=False, widget=DATE,
                             help_text=_("Today if left empty"))
    emails = forms.CharField(label=_("E-mail addresses"), required=False, help_text=_("Separated by commas"))
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_emails(self):
        return [e.strip() for e in self.cleaned_data["emails"].split(",") if e.strip()]

    def clean(self):
        data = super().clean()
        if data.get("dob") and data.get("age"):
            self.add_error("age", _("Give the date of birth or the age, not both."))
        return data

    def person_fields(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) for name in ("name", "relation", "father_name", "gender", "dob", "age", "age_on",
                                                   "emails", "notes")}


class PersonForm(StationChoiceMixin, PersonCoreForm):
    """A new person, with first aliases, phones, address and identity numbers."""

    aliases = forms.CharField(label=_("Aliases"), required=False, help_text=_("Separated by commas"))
    phones = forms.CharField(label=_("Phone numbers"), required=False, help_text=PHONES_HELP, widget=phones_widget())
    address = forms.CharField(label=_("Address"), max_length=400, required=False)
    city = forms.CharField(label=_("City / district"), max_length=100, required=False)
    state = forms.CharField(label=_("State"), max_length=100, required=False)
    aadhaar = AadhaarField()
    pan = forms.CharField(label=_("PAN"), max_length=10, required=False)
    passport = forms.CharField(label=_("Passport number"), max_length=12, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_station(user)

    def create_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            **self.person_fields(),
            "station": data.get("station"),
            "aliases": [a.strip() for a in data["aliases"].split(",") if a.strip()],
            "phones": data["phones"],
            "address": data["address"], "city": data["city"], "state": data["state"],
            "aadhaar": data["aadhaar"], "pan": data["pan"], "passport": data["passport"],
        }


class AliasForm(forms.Form):
    name = forms.CharField(label=_("Alias"), max_length=200)


class PhoneForm(forms.Form):
    number = forms.CharField(label=_("Phone number"), max_length=20)
    note = forms.CharField(label=_("Note"), max_length=100, required=False)


class AddressForm(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=400)
    city = forms.CharField(label=_("City / district"), max_length=100, required=False)
    state = forms.CharField(label=_("State"), max_length=100, required=False)
    from_date = forms.DateField(label=_("From"), required=False, widget=DATE)
    to_date = forms.DateField(label=_("To"), required=False, widget=DATE)
    last_known = forms.BooleanField(label=_("Last known address"), required=False, initial=True)


class AccountForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AccountKind.choices)
    bank_name = forms.CharField(label=_("Bank"), max_length=100, required=False)
    ifsc = forms.CharField(label=_("IFSC"), max_length=11, required=False)
    account_number = forms.CharField(label=_("Account number"), max_length=40, required=False)
    upi_id = forms.CharField(label=_("UPI id"), max_length=100, required=False)


class DocumentForm(forms.Form):
    """An identity document. The number is never shown back, since it may be an Aadhaar number."""

    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    number = forms.CharField(label=_("Number"), max_length=30, widget=NoEchoInput(),
                             help_text=_("For Aadhaar only the last four digits are kept."))

    def clean(self):
        data = super().clean()
        if data.get("kind") == DocumentKind.AADHAAR and data.get("number"):
            try:
                data["number"] = aadhaar_validate(data["number"])
            except ValidationError as exc:
                self.add_error("number", exc)
        return data


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photograph (JPEG, PNG or WebP, at most 5 MB)"),
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
    taken_on = forms.DateField(label=_("Taken on"), required=False, widget=DATE)

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > MAX_PHOTO_BYTES:
            raise ValidationError(_("The photograph is larger than 5 MB. Send a smaller one."))
        return image


PART_FORMS = {
    "alias": (AliasForm, _("Add an alias")),
    "phone": (PhoneForm, _("Add a phone number")),
    "address": (AddressForm, _("Add an address")),
    "account": (AccountForm, _("Add a bank account or UPI id")),
    "document": (DocumentForm, _("Add an identity document")),
    "photo": (PhotoForm, _("Add a photograph")),
}

