"""Pages of the complaints app: the list and one complaint (police, within scope), the hot
identifiers, and the import of complaint files (the cyber crime team).

Association members see nothing here: every page asks `may_read` first (404 for them, as for a
record outside one's scope), then the write permission where there is one (403).
"""
from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import get_scoped_or_404
from core.permissions import may, permission_required, require

from . import selectors
from .choices import ImportStatus
from .filters import ComplaintFilterSet
from .forms import ComplaintImportForm
from .imports import COLUMNS, PERM_IMPORT, complaint_import_confirm_start, complaint_import_upload
from .models import ComplaintImport
from .services.complaints import PERM_ADD

PAGE_SIZE = 50


def _reader(request) -> None:
    if not request.user.is_authenticated:
        raise Http404
    if not selectors.may_read(request.user):
        raise Http404


@login_required
@require_safe
def complaint_list_view(request):
    _reader(request)
    filterset = ComplaintFilterSet(request.GET or None, queryset=selectors.complaint_list(user=request.user))
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else selectors.complaint_list(user=request.user)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/complaint_list.html", {
        "filter": filterset, "page": page, "can_import": may(request.user, PERM_IMPORT),
    }, status=400 if filterset.is_bound and not filterset.is_valid() else 200)


@login_required
@require_safe
def complaint_detail_view(request, pk: int):
    _reader(request)
    complaint = selectors.complaint_detail(user=request.user, pk=pk)
    if complaint is None:
        raise Http404
    return render(request, "complaints/complaint_detail.html", {
        "complaint": complaint, "identifiers": selectors.complaint_identifiers(complaint),
        "links": selectors.complaint_links(user=request.user, complaint=complaint),
    })


LETTER_TO = {"phone": "telecom", "bank": "bank", "upi": "bank"}


@login_required
@require_safe
def hot_identifiers_view(request):
    """Identifiers named by the most complaints and tied to no call centre or person: leads to chase."""
    _reader(request)
    can_write = may(request.user, "verification.add_letter")
    rows = []
    for identifier in selectors.hot_identifiers():
        letter_url = ""
        if can_write:
            letter_url = reverse("verification:letter-other-create") + "?" + urlencode({
                "addressee_kind": LETTER_TO[identifier.kind],
                "subject": _("Details of the holder of %(identifier)s") % {"identifier": identifier},
                "body": _("%(count)s complaints of cyber fraud name %(identifier)s. Please send the details of its "
                          "holder (name, address, KYC documents) and its records for the last year.")
                % {"count": identifier.complaint_count, "identifier": identifier},
            })
        list_url = reverse("complaints:list") + "?" + urlencode({"identifier": f"#{identifier.pk}"})
        rows.append({"identifier": identifier, "letter_url": letter_url, "list_url": list_url})
    return render(request, "complaints/hot_identifiers.html", {"rows": rows})


# --------------------------------------------------------------------------- import

@login_required
@require_safe
def import_list_view(request):
    _reader(request)
    require(request.user, PERM_IMPORT, _("Your role cannot import complaints."))
    page = Paginator(selectors.import_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/import_list.html", {"page": page})


@login_required
def import_upload_view(request):
    _reader(request)
    require(request.user, PERM_IMPORT, _("Your role cannot import complaints."))
    form = ComplaintImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = complaint_import_upload(actor=request.user, uploaded_file=form.cleaned_data["file"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.info(request, _("The file was received and is being checked. Nothing is saved until you confirm."))
            return redirect("core:job-detail", pk=batch.job_id)
    return render(request, "complaints/import_upload.html", {"form": form, "columns": COLUMNS},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_safe
def import_detail_view(request, pk: int):
    _reader(request)
    batch = get_scoped_or_404(ComplaintImport, request.user, pk=pk)
    can_confirm = batch.status == ImportStatus.PREVIEW and not batch.rows_error and may(request.user, PERM_ADD)
    return render(request, "complaints/import_detail.html", {"batch": batch, "can_confirm": can_confirm,
                                                             "Status": ImportStatus})


@permission_required(PERM_ADD)
def import_confirm_view(request, pk: int):
    _reader(request)
    batch = get_scoped_or_404(ComplaintImport, request.user, pk=pk)  # out of scope: 404 whatever the method
    if request.method != "POST":
        return redirect("complaints:import-detail", pk=batch.pk)
    try:
        job = complaint_import_confirm_start(actor=request.user, batch=batch)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("complaints:import-detail", pk=batch.pk)
    messages.info(request, _("Saving in the background: all rows or none."))
    return redirect("core:job-detail", pk=job.pk)


@login_required
@require_safe
def import_template_view(request):
    _reader(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerow(["NCRP-2020-000123", "15/08/2020", "NCRP", "United States", "$1,200", "USD",
                     "+1 888 555 0100; 98100 00001", "helpdesk@okaxis", "123456789012/HDFC0001234",
                     "www.fix-my-pc.example.com", "support@example.com", "Pop-up said the computer was locked."])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="complaints-template.csv"'
    return response
