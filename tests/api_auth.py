"""How a test gets an API token for a user: the one place that knows how tokens are made."""
from __future__ import annotations


def api_token(user) -> str:
    from core.accounts.tokens import api_token_create

    key, _token = api_token_create(user=user)
    return key
