"""One FilterSet for the complaint list page and the API."""
from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import ComplaintSource
from .models import Complaint, ComplaintLink, Identifier
from .normalise import NORMALISERS


class ComplaintFilterSet(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(label=_("Source"), choices=ComplaintSource.choices)
    reference = django_filters.CharFilter(label=_("Reference number"), field_name="reference", lookup_expr="icontains")
    country = django_filters.CharFilter(label=_("Victim's country"), field_name="victim_country", lookup_expr="iexact")
    reported_from = django_filters.DateFilter(label=_("Reported from"), field_name="reported_on", lookup_expr="gte")
    reported_to = django_filters.DateFilter(label=_("Reported until"), field_name="reported_on", lookup_expr="lte")
    call_centre = django_filters.NumberFilter(label=_("Call centre number"), method="filter_call_centre")
    person = django_filters.NumberFilter(label=_("Person number"), method="filter_person")
    identifier = django_filters.CharFilter(label=_("Phone, account, UPI id, website or e-mail"), method="filter_identifier")

    class Meta:
        model = Complaint
        fields = ["source", "reference", "country", "reported_from", "reported_to", "call_centre", "person", "identifier"]

    def filter_call_centre(self, queryset, name, value):
        return queryset.filter(pk__in=ComplaintLink.objects.filter(call_centre_id=value).values("complaint_id"))

    def filter_person(self, queryset, name, value):
        return queryset.filter(pk__in=ComplaintLink.objects.filter(person_id=value).values("complaint_id"))

    def filter_identifier(self, queryset, name, value):
        """The identifier as written (any kind, normalised by the one rule), or an identifier's number."""
        value = (value or "").strip()[:300]
        ids = Identifier.objects.none()
        if value.startswith("#") and value[1:].isascii() and value[1:].isdigit():
            ids = Identifier.objects.filter(pk=int(value[1:]))
        else:
            for kind, normalise in NORMALISERS.items():
                try:
                    ids = ids | Identifier.objects.filter(kind=kind, value=normalise(value))
                except ValueError:
                    continue
            if value.isascii() and value.isdigit():  # an account number without its IFSC
                ids = ids | Identifier.objects.filter(kind="bank", key=value)
        return queryset.filter(named__identifier__in=ids.values("pk")).distinct()
