from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """City, zone and station dashboards and the hotspot map. Reads registry, offenders and
    verification; nothing imports it."""

    name = "dashboards"
    verbose_name = _("Dashboards")
