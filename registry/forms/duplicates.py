"""The form of a merge: which of two records to keep."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin


class MergeForm(BootstrapMixin, forms.Form):
    """Which of the two records to keep."""

    survivor = forms.ChoiceField(label=_("Keep"), widget=forms.RadioSelect)

    def __init__(self, *args, a, b, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [
            (str(a.pk), f"#{a.pk} {a.name} ({a.station})"),
            (str(b.pk), f"#{b.pk} {b.name} ({b.station})"),
        ]
        self.fields["survivor"].widget.attrs["class"] = "form-check-input"
