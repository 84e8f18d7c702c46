"""Request middleware that tells the audit trail where a write came from."""

from .access import log_access
from .audit import Source, audit_context
from .net import client_ip


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
        with audit_context(source, ip=client_ip(request)):
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


class AccessLogMiddleware:
    """Every refusal answered to a signed-in user (403, and the 404 that hides a record out of
    scope) is written to the access log, unless the view already logged the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (response.status_code in (403, 404) and user is not None and user.is_authenticated
                and not getattr(request, "_access_logged", False)):
            match = getattr(request, "resolver_match", None)
            log_access(request, action="refused", outcome="refused", status=response.status_code,
                       object_kind=(match.view_name if match else "")[:40],
                       object_id=next(iter(match.kwargs.values()), "") if match and match.kwargs else "")
        return response


class DatabaseTroubleMiddleware:
    """A statement cancelled by `statement_timeout` (core.db) or a database that is restarting
    answers a clear 503 page (JSON under /api/), never a stack trace. The page is drawn without
    touching the database; the broken connection is replaced on the next request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import OperationalError

        if not isinstance(exception, OperationalError):
            return None
        import logging

        from django.utils.translation import gettext as _

        from .errors import error_response, unreachable_message

        cause = getattr(exception, "__cause__", None)
        timed_out = "57014" in (getattr(cause, "sqlstate", None), getattr(cause, "pgcode", None))  # query_canceled
        logging.getLogger("core.db").warning("database trouble on %s: %s", request.path, exception)
        if timed_out:
            message = _("This request took too long and was stopped. Narrow the search (fewer filters "
                        "at once, a shorter period) or ask for an export, which runs in the background.")
        else:
            message = unreachable_message()
        return error_response(request, status=503, message=message, template_name="503.html")
