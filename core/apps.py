from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import audit  # noqa: F401  (connects the audit signal)
        from .accounts import sessions  # noqa: F401  (stamps each new session's clocks)

        # Each app grants its roles their permissions in <app>/roles.py (core knows no app).
        autodiscover_modules("roles")
