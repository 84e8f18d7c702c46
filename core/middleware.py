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


#: Browser features no page of the registry uses: refused to any script that might be injected.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)


class PrivacyHeadersMiddleware:
    """Headers for a system holding personal data: pages and JSON answered to a signed-in officer
    are never stored by the browser or a proxy (`Cache-Control: no-store`), and the browser
    features no page uses are switched off (`Permissions-Policy`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store, private"
            response.headers.pop("Expires", None)
        return response
