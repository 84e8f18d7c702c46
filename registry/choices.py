"""Choices of the registry."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class CallCentreStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    UNDER_VERIFICATION = "under_verification", _("Under verification")
    COMPLIANT = "compliant", _("Compliant")
    NON_COMPLIANT = "non_compliant", _("Non-compliant")
    BUSTED = "busted", _("Busted")
    CLOSED = "closed", _("Closed")
    VACATED = "vacated", _("Vacated")
    MERGED = "merged", _("Merged into another record")


#: The status changes an officer may make (merges have their own service).
STATUS_TRANSITIONS: dict[str, set[str]] = {
    CallCentreStatus.REPORTED: {CallCentreStatus.UNDER_VERIFICATION, CallCentreStatus.CLOSED, CallCentreStatus.VACATED, CallCentreStatus.BUSTED},
    CallCentreStatus.UNDER_VERIFICATION: {
        CallCentreStatus.COMPLIANT, CallCentreStatus.NON_COMPLIANT, CallCentreStatus.CLOSED,
        CallCentreStatus.VACATED, CallCentreStatus.BUSTED,
    },
    CallCentreStatus.COMPLIANT: {
        CallCentreStatus.UNDER_VERIFICATION, CallCentreStatus.NON_COMPLIANT, CallCentreStatus.CLOSED,
        CallCentreStatus.VACATED, CallCentreStatus.BUSTED,
    },
    CallCentreStatus.NON_COMPLIANT: {
        CallCentreStatus.UNDER_VERIFICATION, CallCentreStatus.COMPLIANT, CallCentreStatus.CLOSED,
        CallCentreStatus.VACATED, CallCentreStatus.BUSTED,
    },
    CallCentreStatus.BUSTED: {CallCentreStatus.CLOSED, CallCentreStatus.VACATED},
    CallCentreStatus.CLOSED: {CallCentreStatus.REPORTED},
    CallCentreStatus.VACATED: {CallCentreStatus.REPORTED},
    CallCentreStatus.MERGED: set(),
}

#: Statuses of a call centre that is operating (or believed to be).
OPERATING_STATUSES = {
    CallCentreStatus.REPORTED, CallCentreStatus.UNDER_VERIFICATION,
    CallCentreStatus.COMPLIANT, CallCentreStatus.NON_COMPLIANT,
}


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound")
    OUTBOUND = "outbound", _("Outbound")
    BOTH = "both", _("Inbound and outbound")


class Service(models.TextChoices):
    TECH_SUPPORT = "technical_support", _("Technical support")
    CUSTOMER_CARE = "customer_care", _("Customer care")
    JOB_PLACEMENT = "job_placement", _("Job placement")
    LOANS = "loans", _("Loans")
    SALES = "sales", _("Sales")
    OTHER = "other", _("Other")


class CallCentreSource(models.TextChoices):
    """How the registry learnt of a call centre (not core.audit.Source, which says what made a change)."""

    STATION_SURVEY = "station_survey", _("Station survey")
    ASSOCIATION_NOTICE = "association_notice", _("Association notice")
    AGENCY_ANSWER = "agency_answer", _("Agency answer")
    TIP = "tip", _("Tip")
    BUST = "bust", _("Bust")


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SENT_BACK = "sent_back", _("Sent back")
    ACCEPTED = "accepted", _("Accepted")


class EntryAction(models.TextChoices):
    LISTED = "listed", _("Operating")
    CLOSED = "closed", _("Closed since last return")


class NoticeStatus(models.TextChoices):
    RECEIVED = "received", _("Received by police")
    UNDER_VERIFICATION = "under_verification", _("Documents being verified")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")


class ImportStatus(models.TextChoices):
    PARSING = "parsing", _("Checking the file")
    PREVIEW = "preview", _("Ready for review")
    CONFIRMING = "confirming", _("Saving")
    CONFIRMED = "confirmed", _("Saved")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class RowOutcome(models.TextChoices):
    NEW = "new", _("New")
    DUPLICATE = "duplicate", _("Possible duplicate")
    ERROR = "error", _("Error")


class DuplicateReason(models.TextChoices):
    """Why two records may be one call centre (shown on the duplicates page, kept on a Merge)."""

    ADDRESS = "address", _("Same address")
    PHONE = "phone", _("Same phone number")
    COMPANY = "company", _("Same operating company")
    NAME_PREMISES = "name_premises", _("Similar name at the same premises")
    NAME_LOCALITY = "name_locality", _("Similar name in the same locality")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("Excel (XLSX)")
