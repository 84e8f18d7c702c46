"""The one input cleaning rule for text, from forms, the API and imported files, and the one rule for
text written out to spreadsheets.

In: NUL and the other control characters (C0 and C1, and DEL) are refused with a message; a long
text (a textarea, a model TextField) may keep tabs and line breaks. `install()` (CoreConfig.ready)
adds the rule to every Django form CharField and every DRF serializer CharField, so no form or
serializer can forget it. Imported files go through `scrub()` (each control character becomes
U+FFFD, which the import's row check refuses with a message), so nothing unreadable is stored.

Out: `cell()` makes any value safe for a CSV or XLSX cell: characters XLSX cannot hold are
replaced, and a text that a spreadsheet would run as a formula is prefixed with an apostrophe.
"""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

#: Control characters refused in any text (tab, line feed and carriage return are handled apart).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: ... and in a one-line text, also tab and line breaks.
CONTROL_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Characters an XLSX cell cannot hold (openpyxl raises IllegalCharacterError on them).
XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
#: A cell beginning with one of these is run as a formula by spreadsheet programs.
FORMULA_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n")
REPLACEMENT = "\ufffd"

MESSAGE = _("This text contains invisible control characters (often pasted from another program). "
            "Retype it or remove them, and try again.")


def has_control(value: str, *, multiline: bool = False) -> bool:
    return bool((CONTROL if multiline else CONTROL_ONE_LINE).search(value))


@deconstructible
class ControlCharactersValidator:
    """Refuses a text holding control characters (tab and line breaks are allowed in long text)."""

    code = "control_characters"

    def __init__(self, multiline: bool = False):
        self.multiline = multiline

    def __call__(self, value):
        if isinstance(value, str) and has_control(value, multiline=self.multiline):
            raise ValidationError(MESSAGE, code=self.code)

    def __eq__(self, other):
        return isinstance(other, ControlCharactersValidator) and other.multiline == self.multiline


def query_text(params, name: str, max_length: int) -> str:
    """One text parameter of a query string as a page uses it: control characters (NUL among them,
    which PostgreSQL refuses in a query) dropped, spaces trimmed, at most `max_length` characters."""
    return CONTROL_ONE_LINE.sub("", params.get(name) or "").strip()[:max_length]


def scrub(value: str) -> str:
    """Text from an imported file: every control character (but tab and line breaks) becomes U+FFFD."""
    return CONTROL.sub(REPLACEMENT, value) if value else value


def cell(value):
    """A value safe for a spreadsheet cell: no character XLSX refuses, no formula."""
    if not isinstance(value, str):
        return value
    value = XLSX_ILLEGAL.sub(REPLACEMENT, value)
    if value.startswith(FORMULA_FIRST):
        return "'" + value
    return value


def install() -> None:
    """Add the rule to every form CharField and serializer CharField (called once, at start-up)."""
    from django import forms
    from rest_framework import fields as drf_fields

    if getattr(forms.CharField, "_control_rule", False):
        return
    form_init = forms.CharField.__init__

    def form_char_field_init(self, *args, **kwargs):
        form_init(self, *args, **kwargs)
        self.validators.append(ControlCharactersValidator(multiline=isinstance(self.widget, forms.Textarea)))

    drf_init = drf_fields.CharField.__init__

    def drf_char_field_init(self, *args, **kwargs):
        drf_init(self, *args, **kwargs)
        multiline = self.style.get("base_template") == "textarea.html"
        self.validators.append(ControlCharactersValidator(multiline=multiline))

    forms.CharField.__init__ = form_char_field_init
    forms.CharField._control_rule = True
    drf_fields.CharField.__init__ = drf_char_field_init
