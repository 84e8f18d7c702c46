"""Choices of the complaints app."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintSource(models.TextChoices):
    NCRP = "ncrp", _("NCRP portal")
    HELPLINE = "helpline", _("Helpline 1930")
    FOREIGN = "foreign", _("Foreign referral")
    COMPANY = "company", _("Company referral")
    TIP = "tip", _("Tip")


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("Phone")
    UPI = "upi", _("UPI id")
    BANK = "bank", _("Bank account")
    WEBSITE = "website", _("Website")
    EMAIL = "email", _("E-mail")


class LinkHow(models.TextChoices):
    """How a link was made: always by the same normalised value."""

    PHONE = "phone", _("same normalised phone")
    ACCOUNT = "account", _("same account")
    UPI = "upi", _("same UPI id")
    WEBSITE = "website", _("same website")
    EMAIL = "email", _("same e-mail address")
    BUST = "bust", _("call centre busted")


class ImportStatus(models.TextChoices):
    PARSING = "parsing", _("Being checked")
    PREVIEW = "preview", _("Ready to confirm")
    SAVING = "saving", _("Being saved")
    DONE = "done", _("Saved")
    FAILED = "failed", _("Failed")
