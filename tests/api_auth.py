"""How a test gets an API token for a user: the one place that knows how tokens are made."""
from __future__ import annotations


def api_token(user) -> str:
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)
    return token.key
