"""Forms of signing in: the second factor's code and the re-authentication."""

from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapMixin

from .twofactor import token_matches


class OTPTokenForm(BootstrapMixin, forms.Form):
    token = forms.CharField(
        label=_("Code"), max_length=20, strip=True,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self) -> str:
        return "".join(self.cleaned_data["token"].split())


class ReauthForm(BootstrapMixin, forms.Form):
    """The password again (through the authentication backends, so failures count towards the
    lockout), and the second factor's code for the sessions that need one."""

    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput(
        attrs={"autocomplete": "current-password", "autofocus": True}))
    token = forms.CharField(label=_("Code from your authenticator app"), max_length=20, required=False)

    def __init__(self, *args, request, need_token: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.request, self.need_token = request, need_token
        if need_token:
            self.fields["token"].required = True
        else:
            del self.fields["token"]

    def clean(self):
        data = super().clean()
        user = self.request.user
        if "password" in data:
            again = authenticate(self.request, username=user.get_username(), password=data["password"])
            if again is None or again.pk != user.pk:
                raise forms.ValidationError(_("That is not your password."), code="wrong_password")
        if self.need_token and data.get("token"):
            if not token_matches(user, "".join(data["token"].split())):
                self.add_error("token", _("That code is not valid: use the one your app shows now."))
        return data
