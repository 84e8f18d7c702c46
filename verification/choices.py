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


# --------------------------------------------------------------------------- inspections


class PlanStatus(models.TextChoices):
    """A station's weekly inspection plan: proposed by the planner, approved by the zone or cyber team."""

    PROPOSED = "proposed", _("Proposed, awaiting approval")
    APPROVED = "approved", _("Approved")


class InspectionStatus(models.TextChoices):
    """Where one planned visit stands."""

    PLANNED = "planned", _("Planned")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    DONE = "done", _("Done")
    MISSED = "missed", _("Missed")


#: Visits still to be made (a date may pass on them: then they are missed).
OPEN_INSPECTION_STATUSES = (InspectionStatus.PLANNED, InspectionStatus.RESCHEDULED)


class InspectionResult(models.TextChoices):
    """What the team found at the premises."""

    COMPLIANT = "compliant", _("Compliant")
    VIOLATION = "violation", _("Violation")
    CLOSED = "closed", _("Closed down")
    NOT_FOUND = "not_found", _("Not found at the address")


class PermissionSeen(models.TextChoices):
    """The checklist's answer for one permission: the team saw the document, or not."""

    SEEN = "seen", _("Held and seen")
    NOT_SEEN = "not_seen", _("Not shown")
    NOT_REQUIRED = "not_required", _("Not required")


class YesNo(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")


#: The yes/no items of the inspection checklist (besides each permission, source of customers and payment).
CHECKLIST_ITEMS = {
    "lease": _("Lease or rent agreement shown"),
    "staff_verification": _("Police verification of employees shown"),
    "call_records": _("Call records kept for a year"),
}
class AgencyKind(models.TextChoices):
    """Who a letter goes to: an agency that issues permissions, or another body the team writes to."""

    LICENSING = "licensing", _("Licensing agency")
    BANK = "bank", _("Bank")
    TELECOM = "telecom", _("Telecom operator")
    LANDLORD = "landlord", _("Landlord")
    POLICE = "police", _("Police of another district")
    OTHER = "other", _("Other body")


class LetterKind(models.TextChoices):
    """A letter of a batch (one per agency and cycle, with the enclosure table) or a single letter."""

    BATCH = "batch", _("Licence check letter")
    SINGLE = "single", _("Letter to another body")


class LetterState(models.TextChoices):
    """Where a letter stands. "Overdue" is not stored: a sent or acknowledged letter past its due date."""

    DRAFTED = "drafted", _("Drafted")
    SENT = "sent", _("Sent")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ANSWERED = "answered", _("Answered")


#: The state filter of the register: the stored states and the computed "overdue".
LETTER_FILTER_STATES = [*LetterState.choices, ("overdue", _("Overdue"))]


class LetterLanguage(models.TextChoices):
    EN = "en", _("English")
    HI = "hi", _("Hindi")


class ReminderLevel(models.TextChoices):
    """A reminder to the cyber crime team, or an escalation to the zone officers concerned."""

    REMIND = "remind", _("Reminder")
    ESCALATE = "escalate", _("Escalation")


class AnswerImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Preview")
    SAVED = "saved", _("Saved")


class AnswerMatch(models.TextChoices):
    """How a row of an agency's answer list was matched to the registry."""

    MATCHED = "matched", _("Matched")
    UNCERTAIN = "uncertain", _("Uncertain")
    UNMATCHED = "unmatched", _("Unmatched")
