"""Accounts nobody has used for ACCOUNT_DORMANT_DAYS are disabled (every night, by Celery beat).

"Used" is a sign-in (last_login) or an API call with one of the account's tokens; an account never
used counts from when it was made. Disabling keeps the account and its history (an administrator
can enable it again in the admin), revokes its API tokens, and is audited as the task's write.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .tokens import api_tokens_revoke


def accounts_dormant(*, now=None):
    """Active accounts with no sign-in and no API use for ACCOUNT_DORMANT_DAYS."""
    from core.models import ApiToken

    cutoff = (now or timezone.now()) - timedelta(days=settings.ACCOUNT_DORMANT_DAYS)
    recent_api = ApiToken.objects.filter(user=OuterRef("pk"), last_used_at__gte=cutoff)
    return (
        get_user_model().objects.filter(is_active=True)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(Exists(recent_api))
    )


def accounts_disable_dormant(*, now=None) -> list[str]:
    """Disable every dormant account (each save audited); returns their usernames."""
    disabled = []
    for user in accounts_dormant(now=now).order_by("pk"):
        with transaction.atomic():
            user.is_active = False
            user.save(update_fields=["is_active"])
            api_tokens_revoke(user=user)
        disabled.append(user.get_username())
    return disabled
