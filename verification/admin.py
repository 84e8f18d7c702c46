"""Admin of the licence check (administrators' corrections; day-to-day answers go through the pages)."""
from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Licence


@admin.register(Licence)
class LicenceAdmin(ScopedAdmin):
    list_display = ["call_centre", "kind", "status", "number", "valid_until", "checked_on"]
    list_filter = ["kind", "status", "call_centre__station__zone", "call_centre__station"]
    search_fields = ["call_centre__name", "number", "agency", "reference"]
    list_select_related = ["call_centre"]
    raw_id_fields = ["call_centre"]
    readonly_fields = ["recorded_by"]
