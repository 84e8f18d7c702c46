from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Licence verification")

    def ready(self) -> None:
        from registry.selectors import register_timeline_source

        from .selectors import licence_timeline_events

        register_timeline_source(licence_timeline_events)  # every recorded answer on the call centre's timeline

        from core.demo import register_demo_step

        # Licence checks agreeing with each call centre's status.
        register_demo_step(order=30, label="Licences", seed=_seed_licences)


def _seed_licences():
    from .demo import seed_licences

    return seed_licences()
