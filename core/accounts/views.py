"""Pages of signing in: enrolling and giving the second factor, re-authenticating, logging out."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import user_has_device

from . import twofactor
from .forms import OTPTokenForm, ReauthForm
from .reauth import reauth_fresh, reauth_record, reauth_required
from .tokens import api_tokens_revoke


def _next(request, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(default)


@never_cache
@login_required
def otp_setup(request):
    """Enrol an authenticator app: QR code and secret as text, then the first code to confirm it;
    the recovery codes are shown once. Enrolled accounts can make new recovery codes here."""
    device = twofactor.totp_device_for_setup(request.user)
    if device is None:
        return _otp_enrolled(request)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.totp_confirm(request=request, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            return render(request, "registration/otp_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("token", _("That code is not valid: check the time on your phone and type the code shown now."))
    context = {"form": form, "qr": twofactor.totp_qr_svg(device), "secret": twofactor.totp_secret_text(device),
               "next": _next(request)}
    return render(request, "registration/otp_setup.html", context)


@reauth_required
def _otp_enrolled(request):
    """An enrolled account: new recovery codes (after re-authentication), shown once."""
    if request.method == "POST" and request.POST.get("action") == "codes" and twofactor.otp_verified(request):
        codes = twofactor.recovery_codes_make(user=request.user)
        return render(request, "registration/otp_codes.html", {"codes": codes, "next": reverse("home")})
    return render(request, "registration/otp_enrolled.html", {"verified": twofactor.otp_verified(request)})


@never_cache
@sensitive_post_parameters("token")
@login_required
def otp_verify(request):
    """After the password: the code from the app (or a recovery code)."""
    if not user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('otp-setup')}?next={_next(request)}")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.otp_verify(request=request, token=form.cleaned_data["token"]):
            reauth_record(request)
            return redirect(_next(request))
        form.add_error("token", _("That code is not valid: use the one your app shows now, or a recovery code."))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request)})


@never_cache
@sensitive_post_parameters("password", "token")
@login_required
def reauth(request):
    """Confirm the password (and the second factor) before a grave action, then go back."""
    need_token = twofactor.otp_required_for(request.user) if not request.session.get(twofactor.OTP_REQUIRED) else True
    form = ReauthForm(request.POST or None, request=request, need_token=need_token)
    if request.method == "POST" and form.is_valid():
        reauth_record(request)
        return redirect(_next(request))
    context = {"form": form, "next": _next(request), "fresh": reauth_fresh(request)}
    return render(request, "registration/reauth.html", context)


class LogoutView(auth_views.LogoutView):
    """Logging out of the site also revokes the account's API tokens."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            api_tokens_revoke(user=request.user)
        return super().post(request, *args, **kwargs)
