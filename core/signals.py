"""Signal receivers of core: sign-ins, failed sign-ins and lockouts are written to the access log;
after every migrate the audit triggers are (re)installed."""
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import db  # noqa: F401  (connects the statement_timeout of each new connection)
from .access import log_access


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    log_access(request, action="login", user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    log_access(request, action="login_failed", outcome="failed",
               username=str(credentials.get("username", "") or ""))


@receiver(user_locked_out)
def _locked_out(sender, request, username=None, ip_address=None, **kwargs):
    log_access(request, action="login_failed", outcome="refused", username=str(username or ""),
               label="locked out")


def install_audit_triggers(sender, using="default", **kwargs):
    from django.db import connections

    from .auditchain import install

    install(connections[using])
