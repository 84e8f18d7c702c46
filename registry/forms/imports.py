"""Forms of the bulk import. They parse input; registry/imports/ decides.

Every choice (stations, returns) comes from a `for_user` queryset.
"""
from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE
from core.roles import Role
from stations.models import PoliceStation

from ..choices import ReturnStatus
from ..imports import limits
from ..imports.messages import ImportFileError
from ..imports.reading import probe_upload
from ..models import StationReturn


class ReturnChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StationReturn) -> str:
        return f"{obj.station.name} · {formats.date_format(obj.period_start, 'F Y')} ({obj.get_status_display()})"


class ImportUploadForm(forms.Form):
    """Upload a CSV or XLSX of call centres; an SHO imports into their own station."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or Excel (.xlsx), at most %(max)s MB, with the template's header row.")
        % {"max": limits.MAX_UPLOAD_BYTES // 1024 // 1024},
        error_messages={"empty": _("The file is empty."), "required": _("Choose a file to upload.")},
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".csv,.xlsx"}),
    )
    station = forms.ModelChoiceField(
        label=_("Station"), queryset=PoliceStation.objects.none(),
        error_messages={"invalid_choice": _("You can import only into a station of your jurisdiction.")},
    )
    station_return = ReturnChoiceField(
        label=_("Also list them on this return"), queryset=StationReturn.objects.none(), required=False,
        empty_label=_("No return"),
        error_messages={"invalid_choice": _("That return cannot take new entries (submitted or not yours).")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.warnings: list[dict] = []
        self.fields["station"].queryset = PoliceStation.objects.for_user(user, CHANGE).order_by("name")
        self.fields["station"].widget.attrs["class"] = "form-select"
        if user.role == Role.STATION and user.station_id:
            # An SHO imports into their own station: nothing to choose.
            self.fields["station"].initial = user.station_id
            self.fields["station"].disabled = True
            self.fields["station"].widget = forms.HiddenInput()
        self.fields["station_return"].queryset = (
            StationReturn.objects.for_user(user, CHANGE)
            .filter(status__in=[ReturnStatus.DRAFT, ReturnStatus.SENT_BACK])
            .select_related("station")
            .order_by("-period_start", "station__name")
        )
        self.fields["station_return"].widget.attrs["class"] = "form-select"

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        try:
            self.warnings = probe_upload(uploaded)
        except ImportFileError as exc:
            raise ValidationError(exc.messages) from exc
        return uploaded

    def clean(self):
        cleaned = super().clean()
        station, station_return = cleaned.get("station"), cleaned.get("station_return")
        if station and station_return and station_return.station_id != station.pk:
            self.add_error("station_return", _("That return belongs to another station."))
        return cleaned


class RowDecisionForm(forms.Form):
    """Skip a possible duplicate (default) or record it as a new call centre."""

    record_as_new = forms.TypedChoiceField(
        choices=[("0", _("Skip")), ("1", _("Record as new"))], coerce=lambda v: v == "1",
    )
