"""One FilterSet per list, shared by the HTML list and the API."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import PoliceStation


class PoliceStationFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    zone = django_filters.CharFilter(field_name="zone__code", label=_("Zone"))

    class Meta:
        model = PoliceStation
        fields = ["zone"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(code__icontains=value) | Q(localities__name__icontains=value)
        ).distinct()
