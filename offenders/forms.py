"""Forms of the offenders pages. They parse input; the services validate and write.

Aadhaar numbers are typed into `AadhaarField`, whose widget never shows a value back
(not after an error, not when editing): the number lives only in the request.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE
from registry.choices import CallCentreStatus
from stations.models import PoliceStation

from .choices import AccountKind, ArrestRole, DocumentKind, Force, Gender, ModusOperandi, Relation
from .identity import aadhaar_validate
from .models import LawSection
from .photos import MAX_PHOTO_BYTES


class NoEchoInput(forms.TextInput):
    """A text input that never renders the submitted value back into the page."""

    def __init__(self, attrs=None):
        base = {"autocomplete": "off", "spellcheck": "false"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        return None


class AadhaarField(forms.CharField):
    """A 12-digit Aadhaar number (Verhoeff-checked); cleaned to digits, never re-displayed."""

    widget = NoEchoInput(attrs={"inputmode": "numeric", "maxlength": "14", "placeholder": "XXXX XXXX XXXX"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Aadhaar number"))
        kwargs.setdefault("help_text", _("Only the last four digits are kept; the number is never shown again."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return aadhaar_validate(value) if value else ""


def _station_field(user, required=True):
    return forms.ModelChoiceField(
        label=_("Station"), queryset=PoliceStation.objects.for_user(user, CHANGE).order_by("name"), required=required
    )


class StationChoiceMixin:
    """City-wide roles choose the station a record belongs to; station officers write for their own."""

    def add_station(self, user):
        if getattr(user, "station_id", None) is None:
            self.fields["station"] = _station_field(user)
            self.order_fields(["station", *[f for f in self.fields if f != "station"]])


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BustForm(StationChoiceMixin, forms.Form):
    fir_number = forms.CharField(label=_("FIR number"), max_length=12, help_text=_("Number/year, e.g. 0123/2020"))
    raid_date = forms.DateField(label=_("Raid date"), widget=DATE)
    call_centre = forms.ModelChoiceField(label=_("Call centre raided"), queryset=None, required=False)
    place = forms.CharField(label=_("Place of the raid"), max_length=400, required=False)
    sections = forms.ModelMultipleChoiceField(
        label=_("Sections of law"), queryset=LawSection.objects.order_by("code", "section"), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    modus_operandi = forms.MultipleChoiceField(
        label=_("Modus operandi"), choices=ModusOperandi.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    victim_count = forms.IntegerField(label=_("Victims"), min_value=0, required=False)
    victim_countries = forms.CharField(label=_("Victims' countries"), required=False, help_text=_("Separated by commas"))
    money_involved = forms.DecimalField(label=_("Money involved (INR)"), min_value=0, max_digits=14, decimal_places=2,
                                        required=False)
    computers_seized = forms.IntegerField(label=_("Computers seized"), min_value=0, initial=0, required=False)
    phones_seized = forms.IntegerField(label=_("Phones seized"), min_value=0, initial=0, required=False)
    sim_cards_seized = forms.IntegerField(label=_("SIM cards seized"), min_value=0, initial=0, required=False)
    cash_seized = forms.DecimalField(label=_("Cash seized (INR)"), min_value=0, max_digits=14, decimal_places=2,
                                     initial=0, required=False)
    narrative = forms.CharField(label=_("Narrative"), widget=forms.Textarea(attrs={"rows": 6}), required=False)

    def __init__(self, *args, user, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        from registry.models import CallCentre

        self.fields["call_centre"].queryset = (
            CallCentre.objects.for_user(user, CHANGE).exclude(status=CallCentreStatus.MERGED).order_by("name")
        )
        if creating:
            self.add_station(user)

    def clean_victim_countries(self):
        return [c.strip() for c in self.cleaned_data["victim_countries"].split(",") if c.strip()]


class BustDocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, JPEG or PNG, at most 10 MB)"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


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
    phones = forms.CharField(label=_("Phone numbers"), required=False, help_text=_("Separated by commas"))
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


# --------------------------------------------------------------------------- what is known about a person


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


class DecisionForm(forms.Form):
    """Same person / not the same person, for a pair of records."""

    other = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=[("same", _("Same person")), ("different", _("Not the same person"))])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
