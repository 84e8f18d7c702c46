"""Choices of the enforcement and offenders app."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class LawCode(models.TextChoices):
    """The code a section of law belongs to. BNS replaced the IPC on 1 July 2024."""

    IPC = "IPC", _("Indian Penal Code")
    BNS = "BNS", _("Bharatiya Nyaya Sanhita")
    IT_ACT = "IT Act", _("Information Technology Act 2000")


class ModusOperandi(models.TextChoices):
    FAKE_POPUP = "fake_popup", _("Fake pop-up")
    SCREEN_LOCK = "screen_lock", _("Screen lock")
    REMOTE_ACCESS = "remote_access", _("Remote access software")
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    GIFT_CARDS = "gift_cards", _("Gift cards")
    JOB_OFFER = "job_offer", _("Job offer")
    LOAN_OFFER = "loan_offer", _("Loan offer")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")
    OTHER = "X", _("Other")


class Relation(models.TextChoices):
    """How the person is described: "son of", "daughter of", "wife of" someone."""

    SON_OF = "s/o", _("son of")
    DAUGHTER_OF = "d/o", _("daughter of")
    WIFE_OF = "w/o", _("wife of")


class ArrestRole(models.TextChoices):
    MASTERMIND = "mastermind", _("Mastermind")
    MANAGER = "manager", _("Manager")
    TEAM_LEADER = "team_leader", _("Team leader")
    CALLER = "caller", _("Caller")
    OTHER = "other", _("Other")


class DocumentKind(models.TextChoices):
    """Identity documents. Aadhaar numbers are never stored whole (offenders.aadhaar)."""

    AADHAAR = "aadhaar", _("Aadhaar")
    PAN = "pan", _("PAN")
    PASSPORT = "passport", _("Passport")
    VOTER = "voter", _("Voter ID")
    DRIVING_LICENCE = "dl", _("Driving licence")


class AccountKind(models.TextChoices):
    BANK = "bank", _("Bank account")
    UPI = "upi", _("UPI id")
    WALLET = "wallet", _("Wallet")


class Force(models.TextChoices):
    """The police force that made an earlier arrest (a prior record)."""

    DELHI = "delhi", _("Delhi Police")
    NOIDA = "noida", _("UP Police, Gautam Buddh Nagar (Noida)")
    GHAZIABAD = "ghaziabad", _("UP Police, Ghaziabad")
    FARIDABAD = "faridabad", _("Haryana Police, Faridabad")
    HARYANA_OTHER = "haryana", _("Haryana Police, other district")
    MUMBAI = "mumbai", _("Mumbai Police")
    KOLKATA = "kolkata", _("Kolkata Police")
    CBI = "cbi", _("CBI")
    OTHER = "other", _("Other")


class RecordSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    CSV = "csv", _("Imported from CSV")


class MatchVerdict(models.TextChoices):
    """The state of a possible match between two person records."""

    PENDING = "pending", _("Awaiting review")
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Not the same person")


class BulletinScope(models.TextChoices):
    """Who a bulletin of repeat offenders is for: the whole city or one zone's stations."""

    CITY = "city", _("City")
    ZONE = "zone", _("Zone")


class BulletinTrigger(models.TextChoices):
    """Why a bulletin version was made: the weekly schedule or a request of the cyber crime team."""

    SCHEDULED = "scheduled", _("Weekly schedule")
    ON_DEMAND = "on_demand", _("On demand")
