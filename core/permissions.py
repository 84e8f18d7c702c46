"""The one rule for who may write: `user.has_perm("app.action_model")`.

Read-only roles never hold a write permission (core.roles refuses to grant one and
core.backends.RoleBackend drops any an administrator adds by hand), so nothing here
asks for a role name. Missing permission is 403 (PermissionDenied); a record outside
the user's scope is 404 (core.access) — the same in every app.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _g

from .access import user_scope


def may(actor, perm: str) -> bool:
    """True when the actor holds the permission (for pages deciding which buttons to show)."""
    return actor is not None and actor.has_perm(perm)


def require(actor, perm: str, message: str | None = None) -> None:
    """Services call this first: refuse (403) unless the actor holds `perm`."""
    if not may(actor, perm):
        raise PermissionDenied(message or _g("Your role cannot do this."))


def require_police(actor) -> None:
    """Refuse (403) anyone who is not a police officer (association members, anonymous)."""
    if not user_scope(actor).is_police:
        raise PermissionDenied(_g("This page is for police officers."))


def permission_required(perm: str) -> Callable:
    """View decorator: signed in, and holding `perm` (403 otherwise)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require(request.user, perm)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def police_required(view) -> Callable:
    """View decorator: signed in as a police officer (403 for association members)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require_police(request.user)
        return view(request, *args, **kwargs)

    return wrapped
