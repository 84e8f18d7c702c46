"""Admin of complaints (administrators' corrections; complaints arrive by import, the API or the demo)."""
from django.contrib import admin

from core.admin import ScopedAdmin

from .models import Complaint, ComplaintImport


@admin.register(Complaint)
class ComplaintAdmin(ScopedAdmin):
    list_display = ["reference", "source", "reported_on", "victim_country", "amount", "currency"]
    list_filter = ["source", "victim_country"]
    search_fields = ["reference"]
    readonly_fields = ["recorded_by"]
    date_hierarchy = "reported_on"


@admin.register(ComplaintImport)
class ComplaintImportAdmin(ScopedAdmin):
    list_display = ["original_name", "uploaded_by", "status", "rows_total", "rows_new", "rows_error", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["uploaded_by", "job", "errors", "result"]
