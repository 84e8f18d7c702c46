"""Pages of the bulk import: upload, list, preview (with the choice for each duplicate), confirm, template.

Views parse input and call registry/imports/. Batches are fetched with `get_scoped_or_404`
first (out of scope is 404 whatever the method), then the permission is checked (403).
"""
from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import CHANGE, get_scoped_or_404
from core.numbers import parse_int
from core.permissions import may, permission_required, police_required, require

from ..choices import ImportStatus, RowOutcome
from ..forms.imports import ImportUploadForm, RowDecisionForm
from ..imports import limits
from ..imports.batches import (
    PERM_DECIDE,
    import_confirm_start,
    import_list,
    import_row_decide,
    import_rows,
    import_upload,
    template_rows,
)
from ..imports.messages import render_message
from ..imports.reading import COLUMNS
from ..imports.saving import PERM_CONFIRM, PERM_IMPORT
from ..models import CallCentre, ImportBatch, ImportRow

ROWS_PER_PAGE = 100


@police_required
@require_safe
def import_list_view(request):
    page = Paginator(import_list(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "registry/import_list.html", {
        "page": page, "can_import": may(request.user, PERM_IMPORT),
    })


@login_required
def import_upload_view(request):
    require(request.user, PERM_IMPORT, _("Your role cannot import call centres."))
    initial = {}
    if (return_id := parse_int(request.GET.get("return"))) is not None:
        initial["station_return"] = return_id
    form = ImportUploadForm(request.POST or None, request.FILES or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            batch = import_upload(
                actor=request.user, station=form.cleaned_data["station"], uploaded_file=form.cleaned_data["file"],
                station_return=form.cleaned_data["station_return"],
            )
        except ValidationError as exc:
            for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.info(request, _("The file was received and is being checked. Nothing is saved until you confirm."))
            return redirect("core:job-detail", pk=batch.job_id)
    return render(request, "registry/import_upload.html", {"form": form, "max_mb": limits.MAX_UPLOAD_BYTES // 1024 // 1024})


@login_required
@require_safe
def import_preview_view(request, pk: int):
    batch = get_scoped_or_404(ImportBatch, request.user, pk=pk)
    outcome = request.GET.get("outcome")
    page = Paginator(import_rows(batch=batch, outcome=outcome), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    existing_ids = {m["call_centre_id"] for r in rows for m in r.messages if "call_centre_id" in m}
    visible = set(
        CallCentre.objects.for_user(request.user).filter(pk__in=existing_ids).values_list("pk", flat=True)
    ) if existing_ids else set()
    shown = [_row_view(row, visible) for row in rows]
    can_confirm = (
        batch.status == ImportStatus.PREVIEW and not batch.rows_error
        and may(request.user, PERM_CONFIRM) and may(request.user, PERM_IMPORT)
    )
    return render(request, "registry/import_preview.html", {
        "batch": batch, "page": page, "rows": shown, "outcome": outcome if outcome in RowOutcome.values else "",
        "outcomes": RowOutcome.choices, "can_confirm": can_confirm, "can_decide": can_confirm,
        "Status": ImportStatus, "warnings": [render_message(w) for w in batch.warnings],
    })


def _row_view(row, visible: set[int]) -> dict:
    """What the preview shows of one row: values as checked (or as written), messages, links."""
    data = row.data
    phones = data.get("phones", "")
    notes = []
    for message in row.messages:
        cc_id = message.get("call_centre_id")
        hidden = cc_id is not None and cc_id not in visible
        notes.append({
            "level": message.get("level"), "text": render_message(message, hidden=hidden),
            "url": reverse("registry:callcentre-detail", args=[cc_id]) if cc_id and not hidden else "",
        })
    return {
        "line": row.line, "outcome": row.outcome, "outcome_label": row.get_outcome_display(),
        "name": data.get("name", ""), "locality": data.get("locality", ""), "address": data.get("address", ""),
        "phones": ", ".join(phones) if isinstance(phones, list) else phones, "company": data.get("company", ""),
        "messages": notes, "record_as_new": bool(data.get("record_as_new")),
    }


@permission_required(PERM_CONFIRM)
def import_confirm_view(request, pk: int):
    batch = get_scoped_or_404(ImportBatch, request.user, pk=pk)
    if request.method != "POST":
        return redirect("registry:import-preview", pk=batch.pk)
    batch = get_scoped_or_404(ImportBatch, request.user, CHANGE, pk=pk)
    try:
        job = import_confirm_start(actor=request.user, batch=batch)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("registry:import-preview", pk=batch.pk)
    if job is not None:
        messages.info(request, _("Saving in the background: all rows or none."))
        return redirect("core:job-detail", pk=job.pk)
    batch.refresh_from_db()
    messages.success(request, _("Saved: the call centres of this file are now in the registry."))
    if batch.station_return_id:
        return redirect("registry:return-detail", pk=batch.station_return_id)
    return redirect("registry:import-preview", pk=batch.pk)


@permission_required(PERM_DECIDE)
def import_row_decision_view(request, pk: int, line: int):
    batch = get_scoped_or_404(ImportBatch, request.user, pk=pk)
    if request.method != "POST":
        return redirect("registry:import-preview", pk=batch.pk)
    batch = get_scoped_or_404(ImportBatch, request.user, CHANGE, pk=pk)
    form = RowDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose “Skip” or “Record as new”."))
    else:
        try:
            import_row_decide(actor=request.user, batch=batch, line=line,
                                  record_as_new=form.cleaned_data["record_as_new"])
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        except ImportRow.DoesNotExist:
            messages.error(request, _("There is no line %(line)s in this file.") % {"line": line})
    url = reverse("registry:import-preview", args=[batch.pk])
    query = request.POST.get("return_query", "")
    return redirect(f"{url}?{query}#line-{line}" if query and "\n" not in query else f"{url}#line-{line}")


@login_required
@require_safe
def import_template_view(request):
    """The template: CSV by default, ?format=xlsx for Excel (with a sheet explaining the columns)."""
    if request.GET.get("format") == "xlsx":
        return _xlsx_template()
    buffer = io.StringIO()
    csv.writer(buffer).writerows(template_rows())
    # The BOM makes Excel open the file as UTF-8 (Hindi names stay readable).
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="call-centres-template.csv"'
    return response


COLUMN_HELP = {
    "name": _("Name of the call centre (required)."),
    "company": _("Operating company, e.g. ABC Infotech Pvt Ltd."),
    "address": _("Address of the premises: plot/house, floor, building, sector or phase."),
    "locality": _("Locality as in the registry (its name or another spelling), e.g. Udyog Vihar Phase III (required)."),
    "phones": _("Phone numbers, several separated by ; (10 digits, +91 or 0 allowed)."),
    "service": _("technical support, customer care, job placement, loans, sales or other."),
    "seats": _("Number of seats (whole number)."),
    "shift": _("Shift hours, e.g. 21:00-06:00."),
    "started_on": _("Date started: YYYY-MM-DD or DD/MM/YYYY (not in the future)."),
    "landlord_name": _("Name of the landlord."),
    "landlord_phone": _("Landlord's phone number."),
    "notes": _("Anything else."),
}


def _xlsx_template() -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "call_centres"
    sheet.append(list(COLUMNS))
    help_sheet = workbook.create_sheet("help")
    help_sheet.append([_("column"), _("what to write")])
    for column in COLUMNS:
        help_sheet.append([column, str(COLUMN_HELP[column])])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="call-centres-template.xlsx"'
    return response
