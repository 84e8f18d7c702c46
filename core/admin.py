"""Admin bases: every admin class starts from the access rule and keeps an audit history."""
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .access import CHANGE, VIEW
from .models import AccessLog, Job


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A related-field filter whose choices are limited to the user's scope (no names leak)."""

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        if not hasattr(related, "scope_paths"):
            return super().field_choices(field, request, model_admin)
        return [(obj.pk, str(obj)) for obj in related.objects.for_user(request.user)]


class ScopedAdmin(SimpleHistoryAdmin):
    """ModelAdmin whose rows, filters and choices come from `for_user`.

    Staff who are not superusers see only their scope; the history pages of
    an object outside it answer 404 like everything else.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user, VIEW)

    def get_list_filter(self, request):
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and get_fields_from_path(self.model, entry)[-1].is_relation:
                entry = (entry, ScopedRelatedFieldListFilter)
            filters.append(entry)
        return filters

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if hasattr(db_field.related_model, "scope_paths"):
            kwargs.setdefault("queryset", db_field.related_model.objects.for_user(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _in_scope(self, request, object_id, action=VIEW) -> bool:
        return self.model.objects.for_user(request.user, action).filter(pk=object_id).exists()

    def history_view(self, request, object_id, extra_context=None):
        if not request.user.is_superuser and not self._in_scope(request, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's version page "reverts" on any valid POST (the setting only hides
        # the button): the audit trail is read-only, so refuse every write here.
        if request.method != "GET":
            raise PermissionDenied
        if not request.user.is_superuser and not self._in_scope(request, object_id):
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return self._in_scope(request, obj.pk, CHANGE)

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return self._in_scope(request, obj.pk, CHANGE)


@admin.register(Job)
class JobAdmin(ScopedAdmin):
    list_display = ["id", "kind", "status", "progress", "total", "requested_by", "station", "created_at"]
    list_filter = ["status", "kind", "station"]
    search_fields = ["kind", "message", "requested_by__username"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a job is part of the audit trail: who asked for what, and what came of it


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """The access log, browsable and filterable by administrators; nobody adds, changes or deletes
    a row (the database refuses it too, core.auditchain)."""

    list_display = ["at", "username", "action", "object_kind", "object_id", "outcome", "status", "ip", "path"]
    list_filter = ["action", "outcome", "object_kind", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "object_id", "object_label", "path", "ip"]
    date_hierarchy = "at"
    list_select_related = False
    show_full_result_count = False  # the log grows to millions of rows: no COUNT(*) of all of them

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in AccessLog._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
