"""Password rules beyond Django's: a small offline list of breached and police-themed passwords,
and none of the last ones used (PasswordHistory keeps their hashes, never the passwords).

Both are Django password validators (AUTH_PASSWORD_VALIDATORS), so every form that sets a password
(the officer's own change, the admin's, `changepassword`) applies them. `password_changed` is the
hook Django calls after any password is saved, whatever the path: it records the new hash and
revokes the account's API tokens there, so that no path can forget to.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

BREACHED_FILE = Path(__file__).with_name("breached_passwords.txt")


@lru_cache(maxsize=1)
def breached_passwords() -> frozenset[str]:
    lines = BREACHED_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


class BreachedPasswordValidator:
    """Refuses passwords known from breaches or built on the force's and the city's names."""

    def validate(self, password: str, user=None) -> None:
        if password.strip().lower() in breached_passwords():
            raise ValidationError(
                _("This password is known from breaches or is easy to guess for a police account: choose another."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be one known from breaches or built on the police's or the city's name.")


class PasswordHistoryValidator:
    """Refuses the current password and the last `keep` ones."""

    def __init__(self, keep: int = 5):
        self.keep = keep

    def validate(self, password: str, user=None) -> None:
        if user is None or not getattr(user, "pk", None):
            return
        from core.models import PasswordHistory

        hashes = [user.password] if user.password else []
        hashes += PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[: self.keep]
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(
                ngettext(
                    "You used this password recently: choose one you have not used for your last password.",
                    "You used this password recently: choose one you have not used for your last %(keep)d passwords.",
                    self.keep,
                )
                % {"keep": self.keep},
                code="password_reused",
            )

    def get_help_text(self) -> str:
        return ngettext(
            "Your password cannot be your last password.",
            "Your password cannot be one of your last %(keep)d passwords.",
            self.keep,
        ) % {"keep": self.keep}

    def password_changed(self, password: str, user=None) -> None:
        """After any password change: remember its hash and revoke the account's API tokens."""
        if user is None or not user.pk:
            return
        from core.models import PasswordHistory

        from .tokens import api_tokens_revoke

        PasswordHistory.objects.create(user=user, password=user.password)
        stale = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[self.keep:]
        PasswordHistory.objects.filter(pk__in=list(stale)).delete()
        api_tokens_revoke(user=user)
