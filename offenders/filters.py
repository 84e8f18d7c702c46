"""One FilterSet per list, shared by the HTML lists and the API."""
from __future__ import annotations

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ArrestRole, Force, ModusOperandi
from .forms import NoEchoInput
from .models import Arrest, Bust, LawSection, Person, PriorRecord
from .selectors.persons import person_search


def repeat_offender_bust_ids():
    """Ids of busts in which someone was arrested who is a repeat offender (more than one arrest or
    prior record across the records linked to one identity: offenders.selectors.with_offence_counts)."""
    from .selectors import with_offence_counts  # (imported here: the module's imports are being reorganised)

    repeaters = with_offence_counts(Person.objects.all()).filter(is_repeat=True).values("pk")
    return Arrest.objects.filter(person__in=repeaters).values("bust_id")


class BustFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("FIR number, call centre or place"), method="search")
    year = django_filters.NumberFilter(field_name="fir_year", label=_("FIR year"))
    raid_from = django_filters.DateFilter(field_name="raid_date", lookup_expr="gte", label=_("Raided from"))
    raid_to = django_filters.DateFilter(field_name="raid_date", lookup_expr="lte", label=_("Raided until"))
    section = django_filters.ModelChoiceFilter(
        field_name="sections", queryset=LawSection.objects.order_by("code", "section"), label=_("Section of law"),
        empty_label=_("Any"),
    )
    modus = django_filters.ChoiceFilter(choices=ModusOperandi.choices, method="filter_modus", label=_("Modus operandi"),
                                        empty_label=_("Any"))
    # Used by the dashboards' links (a zone's or station's busts, those involving a repeat offender).
    zone = django_filters.CharFilter(field_name="station__zone__code", label=_("Zone"))
    station = django_filters.CharFilter(field_name="station__code", label=_("Station"))
    repeat = django_filters.BooleanFilter(method="filter_repeat", label=_("Involving a repeat offender"))

    class Meta:
        model = Bust
        fields = ["year"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(fir_number__icontains=value) | Q(call_centre__name__icontains=value) | Q(place__icontains=value)
        )

    def filter_modus(self, queryset, name, value):
        # JSON list stored as text on SQLite and jsonb on PostgreSQL: a quoted code matches on both.
        return queryset.filter(modus_operandi__icontains=f'"{value}"')

    def filter_repeat(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(pk__in=repeat_offender_bust_ids())
        return queryset.filter(condition) if value else queryset.exclude(condition)


class ArrestFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or FIR number"), method="search")
    role = django_filters.ChoiceFilter(choices=ArrestRole.choices, label=_("Role"), empty_label=_("Any"))
    on_bail = django_filters.BooleanFilter(field_name="bail_date", lookup_expr="isnull", exclude=True,
                                           label=_("On bail"))
    arrested_from = django_filters.DateFilter(field_name="arrested_on", lookup_expr="gte", label=_("Arrested from"))
    arrested_to = django_filters.DateFilter(field_name="arrested_on", lookup_expr="lte", label=_("Arrested until"))
    # Used by the dashboards' links (a zone's or station's arrests).
    zone = django_filters.CharFilter(field_name="station__zone__code", label=_("Zone"))
    station = django_filters.CharFilter(field_name="station__code", label=_("Station"))

    class Meta:
        model = Arrest
        fields = ["role"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(person__name__icontains=value) | Q(bust__fir_number__icontains=value))


class PersonFilterSet(django_filters.FilterSet):
    """City-wide person search. Aadhaar by its last four digits only: a full number is refused."""

    name = django_filters.CharFilter(label=_("Name or alias"), method="noop")
    father_name = django_filters.CharFilter(label=_("Father's or husband's name"), method="noop")
    phone = django_filters.CharFilter(label=_("Phone"), method="noop")
    aadhaar_last4 = django_filters.CharFilter(
        label=_("Aadhaar, last four digits"), method="noop",
        validators=[RegexValidator(r"^\d{4}$", _("Write only the last four digits of the Aadhaar number."))],
        widget=NoEchoInput(attrs={"maxlength": "4", "inputmode": "numeric", "pattern": "[0-9]{4}"}),
    )
    repeat = django_filters.BooleanFilter(field_name="is_repeat", label=_("Repeat offenders only"))

    class Meta:
        model = Person
        fields = []

    def noop(self, queryset, name, value):
        return queryset  # applied together in filter_queryset, so that name similarity orders the results

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        return person_search(
            queryset, name=data.get("name") or "", phone=data.get("phone") or "",
            aadhaar_last4=data.get("aadhaar_last4") or "", father_name=data.get("father_name") or "",
        )


class PriorRecordFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, FIR or police station"), method="search")
    force = django_filters.ChoiceFilter(choices=Force.choices, label=_("Force"), empty_label=_("Any"))

    class Meta:
        model = PriorRecord
        fields = ["force"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(person__name__icontains=value) | Q(fir_number__icontains=value) | Q(police_station__icontains=value)
        )
