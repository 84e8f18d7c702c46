"""Letter templates edited in the admin, rendered safely.

An administrator writes the subject and body of a letter as Django template text. It is
rendered by an engine of its own: no loaders (no {% include %} or {% extends %} of files),
no libraries to {% load %}, and a context of plain strings and numbers
only, so a template can reach nothing but the values a letter is meant to show.
"""
from __future__ import annotations

import re

from django.template import Context, Engine, TemplateSyntaxError
from django.utils.translation import gettext as _g

#: The names a letter template may use, with what they hold (shown in the admin help).
CONTEXT_NAMES = {
    "reference": "CC/DOT/2026/0007",
    "date": "04/12/2026",
    "agency": "Department of Telecommunications",
    "agency_address": "…",
    "city": "Gurugram",
    "cycle": "2026-12",
    "count": 12,
    "sender": "Cyber Crime Team, Gurugram Police",
}

#: {% debug %} would print the modules of the server; {% include %}/{% extends %} have no loader anyway.
_FORBIDDEN = re.compile(r"{%-?\s*(debug|include|extends|load)\b")
_ENGINE = Engine(loaders=[], libraries={}, autoescape=False, debug=False, string_if_invalid="")


def _plain(context: dict) -> dict:
    """Only strings and numbers reach a template (no object whose attributes it could walk)."""
    return {k: v if isinstance(v, (int, float)) else str(v) for k, v in context.items() if k in CONTEXT_NAMES}


def template_check(text: str) -> str:
    """An officer's message if the text is not a usable template, else ''."""
    if _FORBIDDEN.search(text):
        return _g("This template cannot be used: the tags debug, include, extends and load are not allowed.")
    try:
        _ENGINE.from_string(text).render(Context(_plain(CONTEXT_NAMES)))
    except TemplateSyntaxError as exc:
        return _g("This template cannot be used: %(error)s") % {"error": exc}
    except Exception as exc:  # noqa: BLE001 — any failure of an admin's text is reported to the admin
        return _g("This template cannot be used: %(error)s") % {"error": exc}
    return ""


def template_render(text: str, context: dict) -> str:
    """Render an admin-written template with the plain values of `context` (plain text: the PDF template escapes it)."""
    if _FORBIDDEN.search(text):
        raise ValueError("letter template uses a forbidden tag")
    return _ENGINE.from_string(text).render(Context(_plain(context), autoescape=False))
