"""Admin of the licence check (administrators' corrections; day-to-day answers go through the pages)."""
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin

from .forms import AgencyAdminForm
from .models import Agency, Inspection, InspectionCapacity, InspectionPlan, Letter, LetterTemplate, Licence
from .templating import CONTEXT_NAMES


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
# --------------------------------------------------------------------------- agencies and letters
# Agencies and letter templates are city-wide reference data (no scope_paths): a plain admin for
# administrators (no role's group holds a write permission on them). Their history is still recorded
# (audited() on the models); the admin's history pages are kept for scoped models.


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    form = AgencyAdminForm
    list_display = ["code", "name", "kind", "answer_days", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["code", "name"]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "subject_en", "updated_at"]
    fieldsets = [
        (None, {"fields": ["agency"], "description": format_lazy(
            "{} {}", _("Subject and body are template text. Names you may use:"),
            ", ".join("{{ " + name + " }}" for name in CONTEXT_NAMES),
        )}),
        (_("English"), {"fields": ["subject_en", "body_en"]}),
        (_("Hindi"), {"fields": ["subject_hi", "body_hi"]}),
    ]


@admin.register(Letter)
class LetterAdmin(ScopedAdmin):
    """Administrators' view of the letters (their steps are recorded on the letter's page)."""

    list_display = ["reference", "addressee", "kind", "state", "dated", "sent_on", "due_on"]
    list_filter = ["kind", "state", "agency"]
    search_fields = ["reference", "addressee", "subject", "dispatch_number"]
    readonly_fields = ["reference", "kind", "agency", "cycle", "pdf", "created_by", "sent_by"]
    date_hierarchy = "dated"

    def has_add_permission(self, request):
        return False  # letters are drafted by the pages (reference series, enclosures, PDF)
