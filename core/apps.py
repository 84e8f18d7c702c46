from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django.utils.module_loading import autodiscover_modules

        from . import (
            audit,  # noqa: F401  (connects the audit signal)
            signals,  # noqa: F401  (sign-ins and failures go to the access log)
        )
        from .text import install

        install()  # one input cleaning rule on every form and serializer text field (core.text)

        # The append-only triggers cover history tables of models added by later migrations too.
        post_migrate.connect(signals.install_audit_triggers, sender=self)
        from .accounts import sessions  # noqa: F401  (stamps each new session's clocks)

        # Each app grants its roles their permissions in <app>/roles.py (core knows no app).
        autodiscover_modules("roles")
