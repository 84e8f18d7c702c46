"""Form to start a network: a phone number, an account, or a name."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..selectors.network import account_key, phone_key


class NetworkSearchForm(forms.Form):
    """Where to start: a phone number, an account, or a name (persons, call centres, premises)."""

    KIND_CHOICES = [("name", _("Name or address")), ("phone", _("Phone number")), ("account", _("Bank account or UPI id"))]

    kind = forms.ChoiceField(label=_("Look for"), choices=KIND_CHOICES, initial="name")
    q = forms.CharField(label=_("Value"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].widget.attrs["class"] = "form-select"
        self.fields["q"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        kind, value = data.get("kind"), (data.get("q") or "").strip()
        if kind == "phone" and value and phone_key(value) is None:
            self.add_error("q", _("Not a valid phone number. Write 10 digits, optionally with +91 or 0 in front."))
        if kind == "account" and value and not account_key(value):
            self.add_error("q", _("Write the account number or the UPI id."))
        if kind == "name" and value and len(value) < 3:
            self.add_error("q", _("Write at least three letters."))
        return data

