"""Exports of the filtered call-centre list: streamed when small, a background job when large."""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.access import access_logged, get_scoped_or_404
from core.db_router import reads_from_replica
from core.models import Job, JobStatus
from core.permissions import police_required

from ..choices import ExportFormat
from ..services import exports


def _export_error(request, message: str):
    return render(request, "registry/callcentre_export_error.html", {"message": message}, status=400)


@police_required
@require_safe
@reads_from_replica
@access_logged("call-centre export", action="export")
def callcentre_export_view(request):
    """Exactly the filtered rows: streamed when small, a background job with a download link when large."""
    fmt = request.GET.get("format", ExportFormat.CSV)
    params = exports.filter_params(request.GET)
    try:
        exports.check_format(fmt)
        queryset = exports.export_queryset(user=request.user, params=params)
    except ValidationError as exc:
        return _export_error(request, " ".join(exc.messages))
    total = queryset.count()
    if total > exports.EXPORT_BACKGROUND_ABOVE:
        job = exports.export_start(actor=request.user, params=params, fmt=fmt, total=total)
        messages.info(request, _("%(n)s rows: the export is being prepared in the background.") % {"n": total})
        return redirect("core:job-detail", pk=job.pk)
    filename = exports.export_filename(fmt)
    if fmt == ExportFormat.CSV:
        # At most EXPORT_BACKGROUND_ABOVE rows: written in one response (a few MB at most).
        response = HttpResponse(
            "".join(exports.csv_stream(exports.export_rows(queryset))), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(
            exports.xlsx_bytes(exports.export_rows(queryset)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
@access_logged("export", action="download")
def export_download_view(request, pk: int):
    """A background export's file: only for its requester and those whose scope covers the job."""
    job = get_scoped_or_404(Job, request.user, pk=pk, kind=exports.EXPORT_KIND, status=JobStatus.SUCCEEDED)
    path = exports.export_file_path(job)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result.get("filename") or path.name)
