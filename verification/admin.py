"""Admin of the licence check (administrators' corrections; day-to-day answers go through the pages)."""
from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Inspection, InspectionCapacity, InspectionPlan, Licence


@admin.register(Licence)
class LicenceAdmin(ScopedAdmin):
    list_display = ["call_centre", "kind", "status", "number", "valid_until", "checked_on"]
    list_filter = ["kind", "status", "call_centre__station__zone", "call_centre__station"]
    search_fields = ["call_centre__name", "number", "agency", "reference"]
    list_select_related = ["call_centre"]
    raw_id_fields = ["call_centre"]
    readonly_fields = ["recorded_by"]


@admin.register(InspectionCapacity)
class InspectionCapacityAdmin(ScopedAdmin):
    """Each station's visits per day (stations without a row plan the default, 3)."""

    list_display = ["station", "visits_per_day"]
    list_filter = ["station__zone"]
    search_fields = ["station__name"]
    list_select_related = ["station"]


@admin.register(InspectionPlan)
class InspectionPlanAdmin(ScopedAdmin):
    list_display = ["station", "week", "status", "visits_per_day", "approved_by"]
    list_filter = ["status", "station__zone", "station"]
    list_select_related = ["station", "approved_by"]
    readonly_fields = ["proposed_by", "approved_by", "approved_at"]


@admin.register(Inspection)
class InspectionAdmin(ScopedAdmin):
    list_display = ["call_centre", "plan", "planned_date", "order", "status", "result", "risk_score"]
    list_filter = ["status", "result", "plan__station"]
    search_fields = ["call_centre__name", "officers"]
    list_select_related = ["call_centre", "plan__station"]
    raw_id_fields = ["plan", "call_centre", "carried_from"]
    readonly_fields = ["recorded_by"]
