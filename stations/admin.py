from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.accounts.reauth import reauth_fresh, reauth_redirect
from core.admin import ScopedAdmin

from .models import Locality, PoliceStation, User, Zone
from .services import user_set_role


@admin.register(Zone)
class ZoneAdmin(ScopedAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


class LocalityInline(admin.TabularInline):
    model = Locality
    extra = 0


@admin.register(PoliceStation)
class PoliceStationAdmin(ScopedAdmin):
    list_display = ["name", "code", "zone", "phone"]
    list_filter = ["zone"]
    search_fields = ["name", "code", "address"]
    list_select_related = ["zone"]
    inlines = [LocalityInline]


@admin.register(Locality)
class LocalityAdmin(ScopedAdmin):
    list_display = ["name", "station", "pin_code", "is_hotspot"]
    list_filter = ["is_hotspot", "station__zone", "station"]
    search_fields = ["name", "aliases", "pin_code"]
    list_select_related = ["station"]


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "station", "zone", "is_active"]
    list_filter = ["role", "is_active", "zone", "station"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation"]
    list_select_related = ["station", "zone"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Role and jurisdiction"), {"fields": ("role", "station", "zone", "organisation", "phone")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Role and jurisdiction"), {"fields": ("role", "station", "zone", "organisation")}),
    )

    def changeform_view(self, request, *args, **kwargs):
        # Changing an account (its role, staff status, groups) needs a recent password and code.
        if request.method == "POST" and not reauth_fresh(request):
            return reauth_redirect(request)
        return super().changeform_view(request, *args, **kwargs)

    def user_change_password(self, request, *args, **kwargs):
        if request.method == "POST" and not reauth_fresh(request):
            return reauth_redirect(request)
        return super().user_change_password(request, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Keep the role group in step with the role chosen here.
        user_set_role(user=obj, role=obj.role, station=obj.station, zone=obj.zone, organisation=obj.organisation)
