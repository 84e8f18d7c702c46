"""Forms of the letters: a batch request, a letter to another body, the steps of a letter, a reply."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.numbers import is_number

from ..choices import LETTER_FILTER_STATES, AgencyKind, LetterKind, LetterLanguage
from ..selectors import agencies_licensing

# Own copies of the registry's small widgets (registry.forms is being reorganised; only its models,
# filters and addresses are stable imports for this app).
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]


class _Styled:
    """Bootstrap classes on every widget (forms render through core/_form.html)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


def _date(label, **kw):
    return forms.DateField(label=label, widget=DATE, input_formats=DATE_FORMATS, **kw)


class LetterRequestForm(_Styled, forms.Form):
    """Which agencies, which cycle and which language: the call centres come from the query string."""

    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies"), queryset=agencies_licensing(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: every licensing agency"),
    )
    cycle = forms.CharField(label=_("Cycle"), max_length=20, required=False, help_text=_("e.g. 2026-12; empty: this month"))
    language = forms.ChoiceField(label=_("Language of the letters"), choices=LetterLanguage.choices)
    selection = forms.CharField(widget=forms.HiddenInput, required=False, max_length=4000)


class LetterOtherForm(_Styled, forms.Form):
    """A letter to another body (bank, telecom operator, landlord, another district's police)."""

    addressee_kind = forms.ChoiceField(
        label=_("Addressed to"), choices=[c for c in AgencyKind.choices if c[0] != AgencyKind.LICENSING]
    )
    addressee = forms.CharField(label=_("Addressee"), max_length=200)
    addressee_address = forms.CharField(label=_("Address"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                        max_length=1000)
    subject = forms.CharField(label=_("Subject"), max_length=300)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000)
    call_centres = forms.CharField(
        label=_("Call centres concerned"), required=False, max_length=2000,
        help_text=_("Their numbers in the registry, separated by commas (optional)"),
    )
    language = forms.ChoiceField(label=_("Language"), choices=LetterLanguage.choices)

    def clean_call_centres(self) -> list[int]:
        raw = self.cleaned_data.get("call_centres") or ""
        parts = [p for p in raw.replace(";", ",").replace(" ", ",").split(",") if p]
        if not all(is_number(p, max_digits=9) for p in parts):
            raise forms.ValidationError(_("Give the call centres' numbers, separated by commas."))
        return sorted({int(p) for p in parts})


class LetterSentForm(_Styled, forms.Form):
    dispatch_number = forms.CharField(label=_("Dispatch number"), max_length=50)
    sent_on = _date(_("Sent on"), initial=timezone.localdate)


class LetterAcknowledgedForm(_Styled, forms.Form):
    acknowledged_on = _date(_("Acknowledged on"), initial=timezone.localdate)


class LetterAnsweredForm(_Styled, forms.Form):
    answered_on = _date(_("Answered on"), initial=timezone.localdate)


class LetterReplyForm(_Styled, forms.Form):
    file = forms.FileField(label=_("Reply (PDF, JPEG or PNG)"))
    received_on = _date(_("Received on"), required=False)


#: The steps of a letter's life, each with its form (the detail page shows the one that applies).
STEP_FORMS = {"sent": LetterSentForm, "acknowledged": LetterAcknowledgedForm, "answered": LetterAnsweredForm}


class LetterFilterForm(_Styled, forms.Form):
    """The register's filters (any nonsense simply filters nothing)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("Any")), *LETTER_FILTER_STATES])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any")), *LetterKind.choices])
    agency = forms.ChoiceField(label=_("Agency"), required=False)

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("Any")), *((a.code, a.name) for a in agencies)]
        for field in self.fields.values():
            field.widget.attrs["class"] = field.widget.attrs["class"] + " form-control-sm"


class AnswerUploadForm(_Styled, forms.Form):
    file = forms.FileField(label=_("Answer list (CSV or XLSX)"),
                           help_text=_("Columns: registration number, name, address, status, validity"))
