from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffendersConfig(AppConfig):
    name = "offenders"
    verbose_name = _("Enforcement and offenders")

    def ready(self) -> None:
        from registry.selectors import register_timeline_source

        from .selectors.busts import bust_timeline_events

        register_timeline_source(bust_timeline_events)  # busts on the raided call centre's timeline
