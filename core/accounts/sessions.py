"""Sessions' lifetime: signed out after SESSION_IDLE_MINUTES without a request and SESSION_MAX_HOURS
after signing in, whatever the activity.

Signing in stamps the session (`session_stamp_login`, on Django's `user_logged_in`, which every way of
signing in sends: the login page, the admin, the test client's `force_login`). The middleware compares
the stamps with the clock on each request; "last seen" is written at most once a minute, so a request
costs no session write.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

STARTED = "auth_started"  # when the session signed in (epoch seconds)
SEEN = "auth_seen"  # the last request, to the minute
CONFIRMED = "auth_confirmed"  # the last time the password was given (core.accounts.reauth)
SEEN_EVERY = 60  # seconds between writes of SEEN


def now_ts() -> float:
    return timezone.now().timestamp()


@receiver(user_logged_in, dispatch_uid="core.accounts.session_stamp_login")
def session_stamp_login(sender, request, user, **kwargs) -> None:
    """Start the session's clocks, and note whether this account must give a second factor."""
    if request is None or not hasattr(request, "session"):
        return
    from .twofactor import OTP_REQUIRED, otp_required_for

    now = now_ts()
    request.session[STARTED] = request.session[SEEN] = request.session[CONFIRMED] = now
    request.session[OTP_REQUIRED] = otp_required_for(user)


def session_expiry(request) -> str | None:
    """Why this signed-in session has ended ("idle" or "absolute"), or None while it lasts."""
    session, now = request.session, now_ts()
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:  # signed in before these rules: their clocks start now
        session[STARTED] = session[SEEN] = session.setdefault(CONFIRMED, now)
        return None
    if now - started > settings.SESSION_MAX_HOURS * 3600:
        return "absolute"
    if now - seen > settings.SESSION_IDLE_MINUTES * 60:
        return "idle"
    if now - seen > SEEN_EVERY:
        session[SEEN] = now
    return None


class SessionLifetimeMiddleware:
    """Signs out a session that has been idle too long or has lasted too long."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = session_expiry(request)
            if reason is not None:
                logout(request)
                if request.path_info.startswith("/api/"):
                    return self.get_response(request)  # now anonymous: the API answers 401
                if reason == "idle":
                    message = _("You were signed out after %(minutes)d minutes without activity.") % {
                        "minutes": settings.SESSION_IDLE_MINUTES}
                else:
                    message = _("You were signed out %(hours)d hours after signing in.") % {
                        "hours": settings.SESSION_MAX_HOURS}
                messages.info(request, message)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
