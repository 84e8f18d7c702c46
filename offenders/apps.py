from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffendersConfig(AppConfig):
    name = "offenders"
    verbose_name = _("Enforcement and offenders")
