"""Admin of enforcement: every class starts from the access rule (ScopedAdmin) and keeps history.

Bulletins and their receipts are read-only: made by offenders.services.bulletins (schedule or the cyber
crime team's request) and when a station opens a version; their PDF is linked through the access-checked view.

Photographs, documents and identity documents are read-only here: they are added only
through the pages and the API, which check and clean them (Pillow re-encoding, Aadhaar
kept as last four digits + keyed hash). Their files are linked through the access-checked views.
"""
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin

from .models import (
    Arrest,
    Bulletin,
    BulletinReceipt,
    Bust,
    BustDocument,
    Identity,
    IdentityDocument,
    LawSection,
    MatchDecision,
    Person,
    PersonAccount,
    PersonAddress,
    PersonAlias,
    PersonPhone,
    PersonPhoto,
    PriorRecord,
)


class EnforcementAdmin(ScopedAdmin):
    """ScopedAdmin whose history pages never write.

    simple-history's version page saves ("reverts") on POST for anyone who may view it,
    whatever SIMPLE_HISTORY_REVERT_DISABLED says; persons are viewable city-wide, so the
    POST is refused here. (Reported for core.admin.ScopedAdmin.)
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BustDocumentInline(ReadOnlyInline):
    model = BustDocument
    fields = ["download", "description", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("offenders:bust-document", args=[obj.pk]), obj.original_name)


@admin.register(LawSection)
class LawSectionAdmin(admin.ModelAdmin):
    """Reference data (no station): superusers only."""

    list_display = ["code", "section", "title", "equivalent"]
    list_filter = ["code"]
    search_fields = ["section", "title"]


@admin.register(Bust)
class BustAdmin(EnforcementAdmin):
    list_display = ["fir_number", "station", "raid_date", "call_centre", "victim_count", "money_involved"]
    list_filter = ["station", "fir_year"]
    search_fields = ["fir_number", "place", "narrative"]
    list_select_related = ["station", "call_centre"]
    readonly_fields = ["fir_year", "recorded_by"]
    filter_horizontal = ["sections"]
    inlines = [BustDocumentInline]


class AliasInline(admin.TabularInline):
    model = PersonAlias
    extra = 0
    readonly_fields = ["name_key"]


class PhoneInline(admin.TabularInline):
    model = PersonPhone
    extra = 0


class AddressInline(admin.TabularInline):
    model = PersonAddress
    extra = 0


class AccountInline(admin.TabularInline):
    model = PersonAccount
    extra = 0
    readonly_fields = ["identifier"]


class IdentityDocumentInline(ReadOnlyInline):
    model = IdentityDocument
    fields = ["kind", "display_number"]
    readonly_fields = fields


class PhotoInline(ReadOnlyInline):
    model = PersonPhoto
    fields = ["thumbnail_link", "caption", "taken_on", "width", "height", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("photograph"))
    def thumbnail_link(self, obj):
        return format_html(
            '<a href="{}"><img src="{}" alt="" height="60"></a>',
            reverse("offenders:photo", args=[obj.key]), reverse("offenders:photo-thumb", args=[obj.key]),
        )


@admin.register(Person)
class PersonAdmin(EnforcementAdmin):
    list_display = ["name", "father_name", "birth_year", "station", "identity"]
    list_filter = ["station", "gender"]
    search_fields = ["name", "name_key", "father_name", "aliases__name", "phones__number"]
    list_select_related = ["station"]
    readonly_fields = ["name_key", "father_key", "identity", "recorded_by"]
    inlines = [AliasInline, PhoneInline, AddressInline, AccountInline, IdentityDocumentInline, PhotoInline]


@admin.register(Identity)
class IdentityAdmin(EnforcementAdmin):
    """Identities are made by match decisions: shown here, never edited by hand."""

    list_display = ["id", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Arrest)
class ArrestAdmin(EnforcementAdmin):
    list_display = ["person", "bust", "station", "arrested_on", "role", "bail_date", "released_on"]
    list_filter = ["role", "station"]
    search_fields = ["person__name", "bust__fir_number"]
    list_select_related = ["person", "bust", "station"]
    raw_id_fields = ["person", "bust"]


@admin.register(PriorRecord)
class PriorRecordAdmin(EnforcementAdmin):
    list_display = ["person", "force", "fir_number", "arrested_on", "station", "source"]
    list_filter = ["force", "source", "station"]
    search_fields = ["person__name", "fir_number", "police_station"]
    list_select_related = ["person", "station"]
    raw_id_fields = ["person"]


@admin.register(MatchDecision)
class MatchDecisionAdmin(EnforcementAdmin):
    """Decisions change identities: made on the pages (which rebuild identities), shown here."""

    list_display = ["person_a", "person_b", "verdict", "score", "decided_by", "decided_at"]
    list_filter = ["verdict"]
    list_select_related = ["person_a", "person_b", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --------------------------------------------------------------------------- bulletins


class ReadOnlyScopedAdmin(EnforcementAdmin):
    """Rows nobody adds or edits here (bulletins, receipts)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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
