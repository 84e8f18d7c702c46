"""What the offenders pages share: pagination, serving a private file, and pages hidden without a permission."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404

PAGE_SIZE = 25


def page_of(request, qs):
    """The page of `qs` asked for by ?page= (PAGE_SIZE rows)."""
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def file_response(field_file, content_type: str, *, filename: str | None = None, attachment: bool = False):
    """A stored private file, with headers that keep browsers from sniffing, caching or running it."""
    try:
        handle = field_file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404
    response = FileResponse(handle, content_type=content_type, as_attachment=attachment, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
