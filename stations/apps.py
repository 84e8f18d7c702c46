from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs) -> None:
    from .services import roles_sync

    roles_sync()


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("Stations and officers")

    def ready(self) -> None:
        # Role groups and their permissions follow core.roles.ROLE_PERMISSIONS after every migrate.
        post_migrate.connect(_sync_roles, dispatch_uid="stations.sync_roles")
        from core.home import register_home_section

        from .selectors import localities_in_scope, station_cards

        # The home pages' first cards (core.home); registry adds its call centres after them.
        register_home_section("stations", station_cards)
        register_home_section("localities", localities_in_scope)
