"""API tokens that are hashed, expire and can be revoked.

The key is shown once, when it is made; the database keeps only its SHA-256 digest (a random
256-bit key needs no slow hash) and its first characters to tell tokens apart. A token stops working
at `expires_at` (API_TOKEN_DAYS), when its owner logs out (of the API or the site), changes their
password, or is disabled. Clients send `Authorization: Token <key>`; a call without it answers 401
with `WWW-Authenticate: Token`.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

#: last_used_at is written at most this often per token, so an API call costs no extra write.
TOUCH_EVERY = timedelta(minutes=5)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user) -> tuple[str, object]:
    """Make a token for `user`; returns (the key, shown once; the ApiToken row)."""
    from core.models import ApiToken

    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, prefix=key[:8], digest=_digest(key),
        expires_at=timezone.now() + timedelta(days=settings.API_TOKEN_DAYS),
    )
    return key, token


def api_tokens_revoke(*, user, key: str | None = None) -> int:
    """Revoke one token of `user` (by its key), or all of them; returns how many."""
    from core.models import ApiToken

    tokens = ApiToken.objects.filter(user=user)
    if key is not None:
        tokens = tokens.filter(digest=_digest(key))
    _total, per_model = tokens.delete()
    return per_model.get(ApiToken._meta.label, 0)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF authentication by a hashed, expiring ApiToken (keyword `Token`)."""

    keyword = "Token"

    def authenticate_credentials(self, key: str):
        from core.models import ApiToken

        token = ApiToken.objects.select_related("user").filter(digest=_digest(key)).first()
        now = timezone.now()
        if token is None or token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("Invalid or expired token."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
