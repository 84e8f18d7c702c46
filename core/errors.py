"""Error pages that need nothing from the database.

`server_error` is the project's handler500. When the database cannot be reached (PostgreSQL
restarting, a fail-over, the network between web and database cut), the request ends in
`OperationalError`/`InterfaceError`: the officer gets a 503 page saying to try again in a moment
(JSON on the API), with `Retry-After`, instead of "Server Error (500)". Django closes the broken
connection when the request ends (`close_old_connections`), so the next request connects afresh:
nothing needs restarting.

DatabaseTroubleMiddleware answers the same for errors raised in views (and statement timeouts);
this handler catches the rest (a middleware's query). Both pages are rendered without the request's context processors (navigation reads the user, which
reads the database).
"""
from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _g

RETRY_AFTER_SECONDS = 30


def unreachable_message() -> str:
    return _g("The registry cannot reach its database at the moment. Nothing was saved. Try again in a minute.")


def database_unreachable(exc: BaseException | None) -> bool:
    return isinstance(exc, (OperationalError, InterfaceError))


def error_response(request, *, status: int, message: str, template_name: str) -> HttpResponse:
    """The error answer itself: JSON under /api/, else the page drawn without the request's context;
    a 503 says when to try again."""
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        response = HttpResponse(loader.get_template(template_name).render({"message": message}), status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, template_name: str = "500.html"):
    if database_unreachable(sys.exc_info()[1]):
        return error_response(request, status=503, message=unreachable_message(), template_name="503.html")
    message = _g("Something went wrong on our side and it has been logged. Nothing was saved.")
    return error_response(request, status=500, message=message, template_name=template_name)
