"""Choices of the licence check."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class LicenceKind(models.TextChoices):
    """The permissions a call centre may need (DOMAIN.md); each is checked separately."""

    OSP = "osp", _("DoT OSP registration")
    SHOPS = "shops", _("Shops and commercial establishments registration")
    GST = "gst", _("GST registration")
    TRADE = "trade", _("Trade licence / building use permission")
    PLOT = "plot", _("Industrial plot allotment")
    FIRE = "fire", _("Fire safety certificate")
    LEASE = "lease", _("Lease or rent agreement")
    STAFF = "staff", _("Police verification of employees")


#: The agency that usually answers for each kind (the officer may name another).
DEFAULT_AGENCY = {
    LicenceKind.OSP: "Department of Telecommunications (DoT)",
    LicenceKind.SHOPS: "Labour Department, Haryana",
    LicenceKind.GST: "GST Department",
    LicenceKind.TRADE: "Municipal Corporation Gurugram",
    LicenceKind.PLOT: "HSIIDC",
    LicenceKind.FIRE: "Fire Services, Gurugram",
    LicenceKind.LEASE: "",
    LicenceKind.STAFF: "Gurugram Police",
}


class LicenceStatus(models.TextChoices):
    """What the check found for one permission."""

    PENDING = "pending", _("Asked, awaiting the answer")
    HELD = "held", _("Held")
    NOT_HELD = "not_held", _("Not held")
    NOT_REQUIRED = "not_required", _("Not required")


class LicenceState(models.TextChoices):
    """A call centre's licences taken together (the "licence status" filter of the lists)."""

    UNCHECKED = "unchecked", _("Not checked yet")
    PENDING = "pending", _("Awaiting answers")
    LACKING = "lacking", _("A licence missing or expired")
    IN_ORDER = "in_order", _("Licences in order")
