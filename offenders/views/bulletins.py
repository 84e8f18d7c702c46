"""Pages of the bulletin of repeat offenders: the list (every station's inbox), the PDF, receipts, generating.

Bulletins are readable by every police role; who opened which version is for zone officers, the
cyber crime team and the commissioner (within their scope); generating on demand is the cyber
crime team's.
"""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _g
from django.views.decorators.http import require_safe

from core.access import access_logged, get_scoped_or_404, user_scope
from core.permissions import may, permission_required, police_required, require

from ..forms import BulletinGenerateForm
from ..models import Bulletin
from ..selectors import bulletins as bulletin_selectors
from ..services.bulletins import PERM_GENERATE, bulletin_receipt_record, bulletin_request
from .common import page_of

PERM_RECEIPTS = "offenders.view_bulletinreceipt"


@police_required
@require_safe
def bulletin_list(request):
    """Every version the officer may read, newest first; "opened" says whether their station (or scope) opened it."""
    context = {
        "page": page_of(request, bulletin_selectors.bulletin_list(user=request.user)),
        "latest": bulletin_selectors.bulletin_latest(user=request.user),
        "is_station": user_scope(request.user).station_id is not None,
        "form": BulletinGenerateForm(user=request.user) if may(request.user, PERM_GENERATE) else None,
    }
    return render(request, "offenders/bulletin_list.html", context)


@permission_required(PERM_GENERATE)
def bulletin_generate(request):
    """The cyber crime team makes a new version now, in the background (progress on the job's page)."""
    form = BulletinGenerateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        scope, zone = form.scope_and_zone()
        try:
            job = bulletin_request(actor=request.user, scope=scope, zone=zone)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.info(request, _g("The bulletin is being prepared in the background."))
            return redirect("core:job-detail", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "offenders/bulletin_generate.html", {"form": form}, status=status)


@police_required
@require_safe
@access_logged("bulletin", action="download")
def bulletin_download(request, pk: int):
    """The PDF of one version. Opening it as a station officer records the station's receipt."""
    bulletin = get_scoped_or_404(Bulletin, request.user, pk=pk)
    if not bulletin.pdf or not bulletin.pdf.storage.exists(bulletin.pdf.name):
        raise Http404
    bulletin_receipt_record(actor=request.user, bulletin=bulletin)
    filename = f"bulletin-{bulletin.audience_key}-v{bulletin.version}.pdf"
    return FileResponse(bulletin.pdf.open("rb"), content_type="application/pdf", filename=filename)


@police_required
@require_safe
def bulletin_receipts(request, pk: int):
    """Which stations (of the officer's scope) opened this version, who first and when."""
    require(request.user, PERM_RECEIPTS)
    bulletin = get_scoped_or_404(Bulletin, request.user, pk=pk)
    rows = bulletin_selectors.bulletin_receipts(user=request.user, bulletin=bulletin)
    opened = sum(1 for row in rows if row.receipt)
    return render(
        request, "offenders/bulletin_receipts.html", {"bulletin": bulletin, "rows": rows, "opened": opened},
    )
