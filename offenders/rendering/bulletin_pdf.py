"""The PDF of the bulletin of repeat offenders: bilingual labels, the HTML template, WeasyPrint.

Rendering goes through core.pdf, which fetches nothing but data: URIs (photographs are embedded
as such by offenders.selectors.bulletins): no HTTP, no file of the server. Text is set in Noto
Sans and Noto Sans Devanagari, so Hindi names, addresses and labels render.
"""
from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.pdf import pdf_document, pdf_join
from stations.models import Zone

from ..choices import BulletinScope
from ..selectors.bulletins import OffenderEntry

#: Headings and labels of the PDF. Each is printed in English and, once the Hindi catalogue has
#: it, in Hindi beside it: the bulletin goes to every station, whatever language its officers read.
LABELS = {
    "title": _("Bulletin of repeat offenders"),
    "confidential": _("Confidential: for police use only"),
    "audience": _("For"),
    "version": _("Version"),
    "generated": _("Generated"),
    "count": _("Repeat offenders listed"),
    "no_photo": _("No photograph"),
    "name": _("Name"),
    "aliases": _("Also known as"),
    "father": _("Father's or husband's name"),
    "age": _("Age"),
    "addresses": _("Last known addresses"),
    "cases": _("Cases"),
    "bail": _("Bail status"),
    "none": _("No repeat offender is recorded for this audience."),
    "page": _("Page"),
}


#: Offenders laid out per part of the PDF: the job reports progress after each part.
PDF_PART = 10


def _bilingual_labels() -> dict[str, dict[str, str]]:
    """Each label in English and Hindi; "hi" is empty while the Hindi catalogue lacks it."""
    out = {}
    for key, label in LABELS.items():
        with translation.override("en"):
            en = str(label)
        with translation.override("hi"):
            hi = str(label)
        out[key] = {"en": en, "hi": hi if hi != en else ""}
    return out


def audience_label(scope: str, zone: Zone | None) -> str:
    return str(_("Gurugram city")) if scope == BulletinScope.CITY else str(zone)


def css_string(text: str) -> str:
    """A CSS string literal (for page margin boxes): quotes, backslashes and control characters escaped."""
    return '"' + "".join(ch if ch.isprintable() and ch not in '"\\' else f"\\{ord(ch):x} " for ch in text) + '"'


def bulletin_render_html(
    *, entries: list[OffenderEntry], scope: str, zone: Zone | None, version: int, generated_at,
    start: int = 0, total: int | None = None, first_page: int = 1,
) -> str:
    """The HTML of one part of the bulletin: entries numbered from start + 1; the header on the first part only."""
    labels = _bilingual_labels()
    audience = audience_label(scope, zone)
    return render_to_string(
        "offenders/bulletin_pdf.html",
        {
            "entries": entries, "labels": labels, "audience": audience, "version": version,
            "generated_at": timezone.localtime(generated_at), "start": start, "first": start == 0,
            "total": len(entries) if total is None else total, "first_page": first_page,
            "header_css": mark_safe(css_string(f"{audience} · v{version}")),  # noqa: S308 (escaped by css_string)
            "footer_css": mark_safe(css_string(labels["confidential"]["en"])),  # noqa: S308
            "page_css": mark_safe(css_string(labels["page"]["en"] + " ")),  # noqa: S308
        },
    )


def bulletin_pdf(
    *, entries: list[OffenderEntry], scope: str, zone: Zone | None, version: int, generated_at,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    """The whole PDF, laid out PDF_PART offenders at a time (progress after each part), pages joined at the end."""
    parts = [entries[i:i + PDF_PART] for i in range(0, len(entries), PDF_PART)] or [[]]
    documents = []
    pages = 0
    for n, part in enumerate(parts):
        html = bulletin_render_html(
            entries=part, scope=scope, zone=zone, version=version, generated_at=generated_at, start=n * PDF_PART,
            total=len(entries), first_page=pages + 1,
        )
        document = pdf_document(html)
        pages += len(document.pages)
        documents.append(document)
        if progress:
            progress(min((n + 1) * PDF_PART, len(entries)), len(entries))
    return pdf_join(documents)

