from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Call-centre registry")

    def ready(self) -> None:
        from core.demo import register_demo_step
        from core.home import register_home_section, register_station_section, register_work_queue

        from .selectors.home import callcentre_cards, registry_queue, station_registry

        # The home pages' call-centre card: in scope, operating, lacking or awaiting a licence; each
        # figure counted by the list's own FilterSet, its link opening exactly those rows.
        register_home_section("call_centres", callcentre_cards)
        register_work_queue(registry_queue)  # returns to accept, sent back or to chase; notices to verify
        register_station_section(station_registry)  # a station's page: its call centres and returns
        register_demo_step(order=20, label="Call centres", seed=_seed_call_centres)
        # Station returns, association notices and reminders: after the call centres, which they list.
        register_demo_step(order=60, label="Returns", seed=_seed_returns)


def _seed_call_centres():
    from .demo import seed_call_centres

    return seed_call_centres()


def _seed_returns():
    from .demo import seed_returns

    return seed_returns()
