"""Request middleware that tells the audit trail where a write came from."""

from .audit import Source, audit_context


class AuditSourceMiddleware:
    """Marks every write of a request as web, api or admin, with the client address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/admin/"):
            source = Source.ADMIN
        elif path.startswith("/api/"):
            source = Source.API
        else:
            source = Source.WEB
        with audit_context(source, ip=request.META.get("REMOTE_ADDR")):
            return self.get_response(request)
