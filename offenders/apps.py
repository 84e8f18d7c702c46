from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffendersConfig(AppConfig):
    name = "offenders"
    verbose_name = _("Enforcement and offenders")

    def ready(self) -> None:
        from registry.selectors import register_timeline_source

        from .selectors.busts import bust_timeline_events

        register_timeline_source(bust_timeline_events)  # busts on the raided call centre's timeline

        from core.home import register_station_section, register_work_queue

        from .selectors.home import offenders_queue, station_busts

        register_work_queue(offenders_queue)  # matches awaiting review
        register_station_section(station_busts)  # a station's page: its busts

        from core.demo import register_demo_step

        # Busts of call centres, arrested persons, prior records and matches.
        register_demo_step(order=40, label="Offenders", seed=_seed_offenders)


def _seed_offenders():
    from .demo import seed_offenders

    return seed_offenders()
