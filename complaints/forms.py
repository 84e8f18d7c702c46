"""Forms of the complaints app: they parse input; complaints/imports.py decides."""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from registry.imports import limits
from registry.imports.messages import ImportFileError
from registry.imports.reading import probe_upload

from .imports import HEADER


class ComplaintImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or Excel (.xlsx), at most %(max)s MB, with the template's header row.")
        % {"max": limits.MAX_UPLOAD_BYTES // 1024 // 1024},
        error_messages={"empty": _("The file is empty."), "required": _("Choose a file to upload.")},
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            probe_upload(uploaded, **HEADER)
        except ImportFileError as exc:
            raise ValidationError(exc.messages) from exc
        return uploaded
