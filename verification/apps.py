from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Licence verification")

    def ready(self) -> None:
        from registry.selectors import register_timeline_source

        from .selectors import inspection_timeline_events, licence_timeline_events

        register_timeline_source(licence_timeline_events)  # every recorded answer on the call centre's timeline
        register_timeline_source(inspection_timeline_events)  # planned, missed and recorded visits
