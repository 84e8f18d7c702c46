"""Admin bases: every admin class starts from the access rule and keeps an audit history."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .access import CHANGE, VIEW
from .models import Job


class ScopedAdmin(SimpleHistoryAdmin):
    """ModelAdmin whose rows come from `for_user`, so staff who are not superusers see only their scope."""

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user, VIEW)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed or request.user.is_superuser:
            return allowed
        return type(obj).objects.for_user(request.user, CHANGE).filter(pk=obj.pk).exists()

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed or request.user.is_superuser:
            return allowed
        return type(obj).objects.for_user(request.user, CHANGE).filter(pk=obj.pk).exists()


@admin.register(Job)
class JobAdmin(ScopedAdmin):
    list_display = ["id", "kind", "status", "progress", "total", "requested_by", "station", "created_at"]
    list_filter = ["status", "kind", "station"]
    search_fields = ["kind", "message", "requested_by__username"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False
