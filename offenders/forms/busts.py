"""Forms of busts: the raid and FIR, and a document attached to it."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.access import CHANGE
from registry.choices import CallCentreStatus

from ..choices import ModusOperandi
from ..models import LawSection
from .fields import DATE, StationChoiceMixin


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
        from django.urls import reverse

        from core.forms import LookupSelect
        from registry.models import CallCentre
        from registry.selectors.callcentres import callcentre_label

        choices = CallCentre.objects.for_user(user, CHANGE).exclude(status=CallCentreStatus.MERGED).order_by("name")
        self.fields["call_centre"].queryset = choices

        def label_of(pks):
            rows = choices.filter(pk__in=pks).select_related("station", "premises__locality")
            return [(cc.pk, callcentre_label(cc)) for cc in rows]

        # A searchable choice: thousands of call centres, identical names told apart by address.
        self.fields["call_centre"].widget = LookupSelect(
            lookup_url=f"{reverse('registry:callcentre-lookup')}?for=change", label_of=label_of,
            attrs={"data-lookup-placeholder": _("Type a name, company, address or phone to search")},
        )
        self.fields["call_centre"].help_text = _("Type at least two letters, then choose: each shows its address and station.")
        if creating:
            self.add_station(user)

    def clean_victim_countries(self):
        return [c.strip() for c in self.cleaned_data["victim_countries"].split(",") if c.strip()]


class BustDocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF, JPEG or PNG, at most 10 MB)"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

