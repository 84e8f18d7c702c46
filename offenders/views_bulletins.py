"""Pages of the bulletin of repeat offenders: the list (every station's inbox), the PDF, receipts, generating.

Thin: reads come from offenders.bulletins selectors, writes from its services. Bulletins are
readable by every police role; who opened which version is for zone officers, the cyber crime
team and the commissioner (within their scope); generating on demand is the cyber crime team's.
"""
from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.access import get_scoped_or_404, user_scope
from stations.models import Zone

from . import bulletins
from .choices import BulletinScope
from .models import Bulletin

PAGE_SIZE = 25
PERM_RECEIPTS = "offenders.view_bulletinreceipt"


def _police_only(user) -> None:
    if not user_scope(user).is_police:
        raise Http404


def _may_generate(user) -> bool:
    scope = user_scope(user)
    return scope.is_police and not scope.read_only and user.has_perm(bulletins.PERM_GENERATE)


class BulletinGenerateForm(forms.Form):
    """Which bulletin to make now: the city's or one zone's."""

    audience = forms.ChoiceField(label=_("Bulletin for"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        zones = Zone.objects.for_user(user).filter(stations__isnull=False).distinct().order_by("name")
        self.fields["audience"].choices = [("city", _("Gurugram city"))] + [
            (f"zone-{zone.pk}", _("Zone: %(zone)s") % {"zone": zone.name}) for zone in zones
        ]
        self.fields["audience"].widget.attrs["class"] = "form-select"
        self._zones = {f"zone-{zone.pk}": zone for zone in zones}

    def scope_and_zone(self) -> tuple[str, Zone | None]:
        value = self.cleaned_data["audience"]
        if value == "city":
            return BulletinScope.CITY, None
        return BulletinScope.ZONE, self._zones[value]


@login_required
@require_safe
def bulletin_list(request):
    """Every version the officer may read, newest first; "opened" says whether their station (or scope) opened it."""
    _police_only(request.user)
    page = Paginator(bulletins.bulletin_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    may_generate = _may_generate(request.user)
    context = {
        "page": page,
        "latest": bulletins.bulletin_latest(user=request.user),
        "is_station": user_scope(request.user).station_id is not None,
        "may_generate": may_generate,
        "may_see_receipts": request.user.has_perm(PERM_RECEIPTS),
        "form": BulletinGenerateForm(user=request.user) if may_generate else None,
    }
    return render(request, "offenders/bulletin_list.html", context)


@login_required
def bulletin_generate(request):
    """The cyber crime team makes a new version now, in the background (progress on the job's page)."""
    if not _may_generate(request.user):
        raise PermissionDenied(_g("Your role cannot generate bulletins."))
    form = BulletinGenerateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        scope, zone = form.scope_and_zone()
        try:
            job = bulletins.bulletin_request(actor=request.user, scope=scope, zone=zone)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.info(request, _g("The bulletin is being prepared in the background."))
            return redirect("core:job-detail", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "offenders/bulletin_generate.html", {"form": form}, status=status)


@login_required
@require_safe
def bulletin_download(request, pk: int):
    """The PDF of one version. Opening it as a station officer records the station's receipt."""
    _police_only(request.user)
    bulletin = get_scoped_or_404(Bulletin, request.user, pk=pk)
    if not bulletin.pdf or not bulletin.pdf.storage.exists(bulletin.pdf.name):
        raise Http404
    bulletins.bulletin_receipt_record(actor=request.user, bulletin=bulletin)
    filename = f"bulletin-{bulletin.audience_key}-v{bulletin.version}.pdf"
    return FileResponse(bulletin.pdf.open("rb"), content_type="application/pdf", filename=filename)


@login_required
@require_safe
def bulletin_receipts(request, pk: int):
    """Which stations (of the officer's scope) opened this version, who first and when."""
    if not user_scope(request.user).is_police or not request.user.has_perm(PERM_RECEIPTS):
        raise Http404  # not revealed to station officers: a 404 like anything outside their reach
    bulletin = get_scoped_or_404(Bulletin, request.user, pk=pk)
    rows = bulletins.bulletin_receipts(user=request.user, bulletin=bulletin)
    opened = sum(1 for row in rows if row.receipt)
    return render(
        request, "offenders/bulletin_receipts.html", {"bulletin": bulletin, "rows": rows, "opened": opened},
    )
