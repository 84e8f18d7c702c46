"""The second factor: a TOTP authenticator app (django-otp), with single-use recovery codes.

Required for the roles in OTP_REQUIRED_ROLES (cyber crime team, commissioner, zone officers,
administrators) and for staff accounts; anyone else may enrol, and is then asked for it too. Until a
session has given it, `SecondFactorMiddleware` lets it reach only the pages that give it (enrolment,
verification), the language switch and logout: a password alone opens nothing else, the API included.

Whether a session has given it is kept in the session (django-otp's DEVICE_ID_SESSION_KEY, written by
`django_otp.login` after the code was checked against the device): the middleware reads it without a
query. Whether a session must give it is decided when it signs in (`OTP_REQUIRED`, see
core.accounts.sessions) from the role and the devices, so pages cost no query for it either.
"""

from __future__ import annotations

import base64

import django_otp
from django.conf import settings
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY, match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

OTP_REQUIRED = "otp_required"  # session key: this session must give a second factor
RECOVERY_CODES = 10
TOTP_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def role_requires_otp(user) -> bool:
    """The roles (and staff accounts) that may not use the registry with a password alone."""
    return bool(user.is_superuser or user.is_staff or getattr(user, "role", None) in settings.OTP_REQUIRED_ROLES)


def otp_required_for(user) -> bool:
    """Whether `user` must give a second factor: their role needs one, or they enrolled one."""
    return role_requires_otp(user) or user_has_device(user, confirmed=True)


def otp_verified(request) -> bool:
    return bool(request.session.get(DEVICE_ID_SESSION_KEY))


def otp_pending(request) -> bool:
    """A signed-in session that must still give its second factor."""
    user = request.user
    if not user.is_authenticated or otp_verified(request):
        return False
    return role_requires_otp(user) or bool(request.session.get(OTP_REQUIRED))


# ------------------------------------------------------------------------------------ enrolment


def totp_device_for_setup(user) -> TOTPDevice | None:
    """The authenticator being enrolled (made on first call, with a new secret), or None when the
    account already has a confirmed one."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def totp_secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed (base 32, in groups of four)."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code (the otpauth:// URL), as an inline SVG (no image request, no script)."""
    import segno

    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


@transaction.atomic
def recovery_codes_make(*, user) -> list[str]:
    """New single-use recovery codes for `user` (the old ones stop working); shown once."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def totp_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm an enrolment with the first code the app shows; the session counts as verified.
    Returns the new recovery codes, or None when the code is wrong."""
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    request.session[OTP_REQUIRED] = True
    return recovery_codes_make(user=request.user)


def otp_verify(*, request, token: str) -> bool:
    """Check a code from the app (or a recovery code, then used up) for the signed-in user."""
    device = match_token(request.user, token)
    if device is None:
        return False
    request.session.cycle_key()  # a new session id once the second factor is given
    django_otp.login(request, device)
    return True


def token_matches(user, token: str) -> bool:
    """Whether `token` is a valid code of one of `user`'s devices (for re-authentication, the API)."""
    return bool(token) and match_token(user, token) is not None


# ------------------------------------------------------------------------------------ middleware

#: Paths a session that owes its second factor may still reach (resolved once, lazily).
_OPEN_NAMES = ("otp-setup", "otp-verify", "logout", "login", "set_language")


def _open_paths() -> tuple[str, ...]:
    return tuple(reverse(name) for name in _OPEN_NAMES) + (settings.STATIC_URL,)


class SecondFactorMiddleware:
    """A password alone reaches nothing but the second-factor pages for the roles that need one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def __call__(self, request):
        if otp_pending(request):
            if self._open is None:
                self._open = _open_paths()
            path = request.path_info
            if not any(path == p or (p.endswith("/") and p != "/" and path.startswith(p)) for p in self._open):
                return self._refuse(request)
        return self.get_response(request)

    def _refuse(self, request):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("Give your second factor (authenticator code) first.")}, status=403)
        name = "otp-verify" if user_has_device(request.user, confirmed=True) else "otp-setup"
        from django.utils.http import urlencode

        return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
