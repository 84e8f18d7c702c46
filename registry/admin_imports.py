"""Admin for imports of call centres (read-only: batches are made by the upload page or the command).

Import this module from registry/admin.py (`from . import admin_imports  # noqa: F401`) to register it.
ImportRow has no admin: its rows are shown on the preview page of their batch.
"""
from django.contrib import admin

from core.admin import ScopedAdmin

from .models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(ScopedAdmin):
    list_display = ["id", "original_name", "station", "status", "rows_total", "rows_new", "rows_duplicate",
                    "rows_error", "uploaded_by", "created_at"]
    list_filter = ["status", "station"]
    search_fields = ["original_name", "uploaded_by__username"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False
