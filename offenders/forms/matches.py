"""Form of a match decision: same person / not the same person."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DecisionForm(forms.Form):
    """Same person / not the same person, for a pair of records."""

    other = forms.IntegerField(widget=forms.HiddenInput)
    verdict = forms.ChoiceField(choices=[("same", _("Same person")), ("different", _("Not the same person"))])
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

