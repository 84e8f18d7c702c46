"""One FilterSet per list, shared by the HTML list, the exports and the API.

Choice querysets (zones, stations, localities) come from `for_user`, so a station officer's
filter form never names another station's localities. The FilterSet needs `request.user`:
views and viewsets pass the request; the background export passes a stand-in with `.user`.

The licence status filter asks the licence check's hook (registry.selectors.licences) for its
states and their condition: the app that checks licences registers them.
"""
from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stations.models import Locality, PoliceStation, Zone

from .choices import CallCentreSource, CallCentreStatus, Direction, ReturnStatus, Service
from .models import CallCentre, Premises, StationReturn
from .selectors.callcentres import callcentre_search_q
from .selectors.churn import (
    busy_landlord_q,
    quick_vacate_premises_q,
    quick_vacate_q,
    shared_premises_q,
)
from .selectors.licences import LicenceChoices, licence_state_q
from .selectors.returns import period_parse

_DIGITS = re.compile(r"\D+")
#: A search with at least this many digits also looks for phone numbers containing them.
PHONE_SEARCH_MIN_DIGITS = 4
#: The longest zone, station or locality menu a filter form renders (a state has 2,000 stations).
MENU_LIMIT = 200

class BootstrapFilterSet(django_filters.FilterSet):
    """Filter forms for the HTML lists: Bootstrap classes, and zone/station menus from ONE query.

    Zone and station are filtered by code (plain text filters, so an unknown code simply
    matches nothing); their menus list the stations in the user's scope, read once with
    their zones, so the form costs one query for both.
    """

    def with_menus(self):
        """Turn the zone and station boxes into menus (HTML pages only: the API needs no menus)."""
        self._station_menus(self.form)
        return self

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_styled", False):
            for field in form.fields.values():
                widget = field.widget
                if isinstance(widget, forms.NullBooleanSelect):
                    widget.choices = [("unknown", _("Any")), ("true", _("Yes")), ("false", _("No"))]
                elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.MultipleChoiceField):
                    field.empty_label = _("Any")
                    if hasattr(field, "queryset"):
                        field.widget.choices = field.choices
                    else:
                        field.choices = [("", _("Any"))] + [c for c in field.choices if c[0] != ""]
                css = "form-select form-select-sm" if hasattr(widget, "choices") else "form-control form-control-sm"
                widget.attrs["class"] = css
            form._styled = True
        return form


    def _station_menus(self, form) -> None:
        """Zone, station and locality menus, never longer than MENU_LIMIT entries.

        A city has 40 stations and 150 localities: every one is listed (one query for stations and
        zones, one for localities, as before). A state has 2,000 stations and 6,000 localities:
        rendering them cost half the list's time, so the menus narrow down instead — zones, then
        the chosen zone's stations, then the chosen station's localities (one more query for zones).
        """
        if "zone" not in form.fields and "station" not in form.fields:
            return
        user = getattr(self.request, "user", None)
        chosen_zone, chosen_station = (self.data.get("zone") or "").strip(), (self.data.get("station") or "").strip()
        stations = list(
            PoliceStation.objects.for_user(user).select_related("zone").order_by("name")[: MENU_LIMIT + 1]
        )
        if len(stations) <= MENU_LIMIT:
            zones = sorted({(s.zone.code, s.zone.name) for s in stations}, key=lambda z: z[1])
            station_menu = [(s.code, s.name) for s in stations]
        else:
            zones = list(Zone.objects.for_user(user).order_by("name").values_list("code", "name"))
            station_menu = []
            if chosen_zone:
                station_menu = list(
                    PoliceStation.objects.for_user(user).filter(zone__code=chosen_zone).order_by("name")
                    .values_list("code", "name")[:MENU_LIMIT]
                )
        menus = {"zone": [("", _("Any")), *zones], "station": [("", _("Any")), *station_menu]}
        if not station_menu and len(stations) > MENU_LIMIT:
            # No zone chosen: no menu of 2,000 stations; a station code given in the address stays chosen.
            menus["station"] = [("", _("Choose a zone first"))] + ([(chosen_station, chosen_station)] if chosen_station else [])
        for name, choices in menus.items():
            if name in form.fields:
                form.fields[name].widget = forms.Select(choices=choices, attrs={"class": "form-select form-select-sm"})
        if "locality" in form.fields:
            self._locality_menu(form, user, chosen_zone, chosen_station, narrow=len(stations) > MENU_LIMIT)

    def _locality_menu(self, form, user, zone: str, station: str, *, narrow: bool) -> None:
        localities = Locality.objects.for_user(user).order_by("name")
        if narrow:
            if not station:
                form.fields["locality"].widget = forms.Select(
                    choices=[("", _("Choose a station first"))], attrs={"class": "form-select form-select-sm"}
                )
                return
            localities = localities.filter(station__code=station)
        menu = list(localities.values_list("pk", "name")[:MENU_LIMIT])
        form.fields["locality"].widget = forms.Select(
            choices=[("", _("Any"))] + menu, attrs={"class": "form-select form-select-sm"}
        )


def _localities(request):
    return Locality.objects.for_user(getattr(request, "user", None)).order_by("name")


def _flag_filter(q_factory, label):
    def method(queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(q_factory()) if value else queryset.exclude(q_factory())

    return django_filters.BooleanFilter(label=label, method=method)


class CallCentreFilterSet(BootstrapFilterSet):
    """Filters of the call-centre list, its exports and /api/call-centres/.

    Merged records are hidden unless the status filter asks for them.
    """

    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Name, company, phone or address"))
    zone = django_filters.CharFilter(label=_("Zone"), field_name="station__zone__code", help_text=_("Zone code"))
    station = django_filters.CharFilter(label=_("Station"), field_name="station__code", help_text=_("Station code"))
    locality = django_filters.ModelChoiceFilter(
        label=_("Locality"), field_name="premises__locality", queryset=_localities
    )
    # distinct=False: a status is a column of the call centre, the filter joins nothing that could
    # repeat a row (django-filter's default SELECT DISTINCT over every column cost seconds at state scale).
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=CallCentreStatus.choices, distinct=False)
    service = django_filters.ChoiceFilter(label=_("Service"), choices=Service.choices)
    direction = django_filters.ChoiceFilter(label=_("Calls"), choices=Direction.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=CallCentreSource.choices)
    night_shift = django_filters.BooleanFilter(label=_("Night shift"))
    licence = django_filters.ChoiceFilter(label=_("Licence status"), choices=LicenceChoices(), method="by_licence")
    quick_vacate = _flag_filter(quick_vacate_q, _("Vacated within six months"))
    shared_premises = _flag_filter(shared_premises_q, _("Premises hosted several call centres"))
    busy_landlord = _flag_filter(busy_landlord_q, _("Landlord lets to several"))
    started_after = django_filters.DateFilter(label=_("Started on or after"), field_name="started_on", lookup_expr="gte")
    started_before = django_filters.DateFilter(label=_("Started on or before"), field_name="started_on", lookup_expr="lte")
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(
            ("name", "name"),
            ("station__name", "station"),
            ("status", "status"),
            ("started_on", "started_on"),
            ("seats", "seats"),
            ("created_at", "created"),
        ),
        field_labels={
            "name": _("Name"),
            "station__name": _("Station"),
            "status": _("Status"),
            "started_on": _("Start date"),
            "seats": _("Seats"),
            "created_at": _("Date recorded"),
        },
    )

    class Meta:
        model = CallCentre
        fields: list[str] = []

    def by_licence(self, queryset, name, value):
        return queryset.filter(licence_state_q(value)) if value else queryset

    def search(self, queryset, name, value):
        value = (value or "").strip()
        return queryset.filter(callcentre_search_q(value)) if value else queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=CallCentreStatus.MERGED)
        ordering = list(queryset.query.order_by)
        if ordering and "pk" not in ordering and "-pk" not in ordering:
            queryset = queryset.order_by(*ordering, "pk")  # stable pages when sorting by a repeated value
        return queryset


class PremisesFilterSet(BootstrapFilterSet):
    """Filters of the premises list and /api/premises/."""

    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Address or landlord"))
    zone = django_filters.CharFilter(label=_("Zone"), field_name="locality__station__zone__code",
                                     help_text=_("Zone code"))
    station = django_filters.CharFilter(label=_("Station"), field_name="locality__station__code",
                                        help_text=_("Station code"))
    locality = django_filters.ModelChoiceFilter(label=_("Locality"), field_name="locality", queryset=_localities)
    shared_premises = _flag_filter(lambda: shared_premises_q(prefix="pk"), _("Hosted several call centres"))
    busy_landlord = _flag_filter(lambda: busy_landlord_q(prefix=""), _("Landlord lets to several"))
    quick_vacate = _flag_filter(quick_vacate_premises_q, _("Vacated within six months"))
    sort = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("address_raw", "address"), ("locality__name", "locality"), ("lease_start", "lease_start"),
                ("occupant_count", "occupants")),
        field_labels={"address_raw": _("Address"), "locality__name": _("Locality"), "lease_start": _("Lease start"),
                      "occupant_count": _("Occupants")},
    )

    class Meta:
        model = Premises
        fields: list[str] = []

    def search(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        condition = Q(address_raw__icontains=value) | Q(landlord_name__icontains=value)
        digits = _DIGITS.sub("", value)
        if len(digits) >= PHONE_SEARCH_MIN_DIGITS:
            condition |= Q(landlord_phone__contains=digits[-10:])
        return queryset.filter(condition)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        ordering = list(queryset.query.order_by)
        if ordering and "pk" not in ordering and "-pk" not in ordering:
            queryset = queryset.order_by(*ordering, "pk")
        return queryset


class StationReturnFilterSet(django_filters.FilterSet):
    """Filters of the returns list and of /api/station-returns/."""

    station = django_filters.ModelChoiceFilter(
        field_name="station", to_field_name="code", queryset=PoliceStation.objects.none(), label=_("Station")
    )
    zone = django_filters.CharFilter(field_name="station__zone__code", label=_("Zone"))
    period = django_filters.CharFilter(
        method="filter_period", label=_("Month (YYYY-MM)"),
        validators=[RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("Write the month as YYYY-MM, e.g. 2020-09."))],
    )
    status = django_filters.ChoiceFilter(choices=ReturnStatus.choices, label=_("Status"))

    class Meta:
        model = StationReturn
        fields = ["station", "zone", "period", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = getattr(request, "user", None)
        # Station choices come from the access rule too: no other station's code is accepted.
        self.filters["station"].queryset = PoliceStation.objects.for_user(user).order_by("name")

    def filter_period(self, queryset, name, value):
        return queryset.filter(period_start=period_parse(value))
