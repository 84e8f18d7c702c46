"""Agencies the cyber crime team writes to, and the templates of their letters (city-wide reference data).

Neither model declares `scope_paths`: they are the same for every officer (like the law
sections), read by every page that needs them and edited by administrators in the admin.
"""
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.audit import audited
from core.models import TimeStampedModel

from ..choices import AgencyKind, LicenceKind


class Agency(TimeStampedModel):
    """A government agency that issues permissions (DoT, Labour Department …) or another body
    written to (a bank, a telecom operator, another district's police)."""

    code = models.CharField(_("code"), max_length=12, unique=True,
                            help_text=_("Short code used in letter references, e.g. DOT"))
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices, default=AgencyKind.LICENSING)
    address = models.TextField(_("address"), blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True, help_text=_("Officer, phone or e-mail"))
    licence_kinds = models.JSONField(_("permissions it issues"), default=list, blank=True)
    answer_days = models.PositiveSmallIntegerField(_("usual answer time (days)"), default=30)
    active = models.BooleanField(_("active"), default=True)

    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [models.CheckConstraint(condition=Q(answer_days__gte=1), name="agency_answer_days_positive")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.code = (self.code or "").strip().upper()
        if not self.code.replace("-", "").isalnum():
            raise ValidationError({"code": _("Letters and digits only (a hyphen may separate them).")})
        unknown = [k for k in self.licence_kinds or [] if k not in LicenceKind.values]
        if unknown:
            raise ValidationError({"licence_kinds": _("Unknown permissions: %(kinds)s") % {"kinds": ", ".join(map(str, unknown))}})
        if self.kind != AgencyKind.LICENSING and self.licence_kinds:
            raise ValidationError({"licence_kinds": _("Only a licensing agency issues permissions.")})


class LetterTemplate(TimeStampedModel):
    """The text of the letters to one agency (or, with no agency, the default for all).

    Subject and body are Django template text in English and in Hindi, rendered with a
    restricted context (plain strings and numbers: see verification.letters.render).
    """

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), null=True, blank=True, on_delete=models.CASCADE, related_name="template",
        help_text=_("Leave empty for the default template"),
    )
    subject_en = models.CharField(_("subject (English)"), max_length=300)
    subject_hi = models.CharField(_("subject (Hindi)"), max_length=300, blank=True)
    body_en = models.TextField(_("body (English)"))
    body_hi = models.TextField(_("body (Hindi)"), blank=True)

    history = audited()

    class Meta:
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            # One default template (agency empty): NULLs are not distinct here.
            models.UniqueConstraint(fields=["agency"], name="one_letter_template_per_agency", nulls_distinct=False),
        ]

    def __str__(self) -> str:
        return str(self.agency) if self.agency_id else str(_("Default template"))

    def clean(self) -> None:
        from ..templating import template_check

        errors = {}
        for field in ("subject_en", "subject_hi", "body_en", "body_hi"):
            problem = template_check(getattr(self, field) or "")
            if problem:
                errors[field] = problem
        if errors:
            raise ValidationError(errors)
