"""Admin of the registry: every class is a ScopedAdmin (rows, filters and choices from `for_user`).

Keys derived by the services (name_key, company_key, address_key, landlord_key) are shown
read-only; the admin is for administrators' corrections, day-to-day writes go through the pages.
"""
from django.contrib import admin

from core.admin import ScopedAdmin

from .models import (
    AssociationNotice,
    CallCentre,
    CallCentrePhone,
    Merge,
    NotDuplicate,
    Occupancy,
    Premises,
    ReturnEntry,
    StationReturn,
    StatusChange,
)


class PhoneInline(admin.TabularInline):
    model = CallCentrePhone
    extra = 0


class OccupancyInline(admin.TabularInline):
    model = Occupancy
    extra = 0
    raw_id_fields = ["premises", "call_centre"]


@admin.register(CallCentre)
class CallCentreAdmin(ScopedAdmin):
    list_display = ["name", "company_name", "station", "status", "service", "started_on", "source"]
    list_filter = ["status", "service", "source", "night_shift", "station__zone", "station"]
    search_fields = ["name", "trading_names", "company_name", "company_registration", "phones__number",
                     "premises__address_raw"]
    list_select_related = ["station"]
    raw_id_fields = ["premises", "merged_into", "created_by"]
    readonly_fields = ["name_key", "company_key", "night_shift", "created_at", "updated_at"]
    inlines = [PhoneInline, OccupancyInline]


@admin.register(Premises)
class PremisesAdmin(ScopedAdmin):
    list_display = ["address_raw", "locality", "landlord_name", "landlord_phone", "lease_start", "lease_end", "rooms"]
    list_filter = ["locality__station__zone", "locality"]
    search_fields = ["address_raw", "address_key", "landlord_name", "landlord_phone"]
    list_select_related = ["locality"]
    readonly_fields = ["address_key", "landlord_key", "created_at", "updated_at"]
    inlines = [OccupancyInline]


@admin.register(CallCentrePhone)
class CallCentrePhoneAdmin(ScopedAdmin):
    list_display = ["number", "call_centre"]
    search_fields = ["number", "call_centre__name"]
    list_select_related = ["call_centre"]
    raw_id_fields = ["call_centre"]


@admin.register(StatusChange)
class StatusChangeAdmin(ScopedAdmin):
    list_display = ["call_centre", "from_status", "to_status", "changed_at", "changed_by"]
    list_filter = ["to_status"]
    search_fields = ["call_centre__name", "reason"]
    list_select_related = ["call_centre", "changed_by"]
    raw_id_fields = ["call_centre", "changed_by"]


@admin.register(Occupancy)
class OccupancyAdmin(ScopedAdmin):
    list_display = ["call_centre", "premises", "moved_in", "moved_out"]
    search_fields = ["call_centre__name", "premises__address_raw"]
    list_select_related = ["call_centre", "premises"]
    raw_id_fields = ["call_centre", "premises"]


@admin.register(Merge)
class MergeAdmin(ScopedAdmin):
    """Merges are made and undone through their services (pages), so the admin only shows them."""

    list_display = ["merged", "survivor", "merged_by", "created_at", "undone_at"]
    search_fields = ["merged__name", "survivor__name"]
    list_select_related = ["merged", "survivor", "merged_by"]
    readonly_fields = [f.name for f in Merge._meta.fields]

    def has_add_permission(self, request):
        return False


class ReturnEntryInline(admin.TabularInline):
    model = ReturnEntry
    extra = 0
    raw_id_fields = ["call_centre"]


@admin.register(StationReturn)
class StationReturnAdmin(ScopedAdmin):
    list_display = ["station", "period_start", "period_end", "status", "is_nil", "submitted_at", "reviewed_at"]
    list_filter = ["status", "is_nil", "station__zone", "station"]
    search_fields = ["station__name", "remarks"]
    list_select_related = ["station"]
    raw_id_fields = ["submitted_by", "reviewed_by"]
    inlines = [ReturnEntryInline]


@admin.register(ReturnEntry)
class ReturnEntryAdmin(ScopedAdmin):
    list_display = ["call_centre", "station_return", "action", "remarks"]
    list_filter = ["action"]
    search_fields = ["call_centre__name", "remarks"]
    list_select_related = ["call_centre", "station_return__station"]
    raw_id_fields = ["call_centre", "station_return"]


@admin.register(AssociationNotice)
class AssociationNoticeAdmin(ScopedAdmin):
    list_display = ["name", "organisation", "locality", "contact_phone", "started_on", "created_at", "call_centre"]
    list_filter = ["locality__station__zone", "locality"]
    search_fields = ["name", "company_name", "organisation", "address", "contact_phone"]
    list_select_related = ["locality", "call_centre"]
    raw_id_fields = ["submitted_by", "call_centre"]


@admin.register(NotDuplicate)
class NotDuplicateAdmin(ScopedAdmin):
    list_display = ["a", "b", "decided_by", "created_at", "note"]
    list_select_related = ["a", "b", "decided_by"]
    raw_id_fields = ["a", "b"]
    readonly_fields = ["decided_by"]
