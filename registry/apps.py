from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "registry"
    verbose_name = _("Call-centre registry")

    def ready(self) -> None:
        from core.home import register_home_section

        from .selectors.callcentres import callcentre_counts

        # The home pages' call-centre card: in scope, operating, lacking or awaiting a licence.
        register_home_section("call_centres", callcentre_counts)
