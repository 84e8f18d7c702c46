"""Re-authentication before grave actions (merging persons, purging data, changing roles): the
password, and the second factor for the sessions that need one, given within REAUTH_MINUTES.

`reauth_required` guards a view's writes: a POST without a recent confirmation is not carried out;
the officer is sent to the confirmation page and back to the page they came from, to submit again.
Reads (GET) pass, so the page with the form still shows.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from .sessions import CONFIRMED, now_ts

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def reauth_fresh(request, minutes: int | None = None) -> bool:
    """Whether this session gave its password within the last `minutes` (REAUTH_MINUTES)."""
    minutes = settings.REAUTH_MINUTES if minutes is None else minutes
    confirmed = request.session.get(CONFIRMED)
    return confirmed is not None and now_ts() - confirmed <= minutes * 60


def reauth_record(request) -> None:
    request.session[CONFIRMED] = now_ts()


def reauth_redirect(request):
    """To the confirmation page, then back to the page the officer was on."""
    back = request.get_full_path() if request.method in SAFE_METHODS else request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("home")
    parts = urlsplit(back)
    back = parts.path + (f"?{parts.query}" if parts.query else "")  # our own page: its path is enough
    return redirect(f"{reverse('reauth')}?{urlencode({'next': back})}")


def reauth_required(view=None, *, minutes: int | None = None):
    """Decorator for views whose writes need a recent password (and second factor). Put it inside
    the permission decorators, so that a user without the permission still gets 403."""

    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            if request.method not in SAFE_METHODS and not reauth_fresh(request, minutes):
                return reauth_redirect(request)
            return func(request, *args, **kwargs)

        wrapper.reauth_required = True
        return wrapper

    return decorate(view) if view is not None else decorate
