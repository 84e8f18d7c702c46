"""Admin of bulletins and their receipts: read-only (ScopedAdmin), with a link to the access-checked PDF.

Bulletins are made by offenders.bulletins (schedule or the cyber crime team's request) and
receipts when a station opens a version: nobody adds or edits them here.
"""
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin

from .models import Bulletin, BulletinReceipt


class ReadOnlyScopedAdmin(ScopedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a valid POST on this page without asking has_change_permission;
        # these rows are never edited, so a POST is refused outright.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Bulletin)
class BulletinAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "scope", "version", "trigger", "offender_count", "generated_at", "download"]
    list_filter = ["scope", "trigger"]
    list_select_related = ["zone"]
    readonly_fields = ["download", "scope", "zone", "audience_key", "version", "week", "trigger", "size", "sha256",
                       "offender_count", "generated_at", "generated_by", "job"]
    exclude = ["pdf"]

    @admin.display(description=_("PDF"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("offenders:bulletin-download", args=[obj.pk]), _("Open PDF"))


@admin.register(BulletinReceipt)
class BulletinReceiptAdmin(ReadOnlyScopedAdmin):
    # No list filters on bulletin or station: the receipts a user sees are those of their scope only.
    list_display = ["bulletin", "station", "first_opened_at", "first_opened_by", "last_opened_at", "open_count"]
    list_select_related = ["bulletin__zone", "station", "first_opened_by"]
    readonly_fields = ["bulletin", "station", "first_opened_at", "first_opened_by", "last_opened_at", "open_count"]
