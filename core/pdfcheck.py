"""Is this uploaded PDF only a document? Refuses PDFs that can run something or carry something.

Checked on the bytes, including every compressed stream (where object streams hide dictionaries):
* the file starts with `%PDF-` (nothing before it: an HTML/PDF polyglot is refused) and ends with
  `%%EOF` (nothing appended: no PDF/ZIP polyglot);
* no HTML tag a browser would run anywhere in it;
* no active or embedded content: /JavaScript, /JS, /OpenAction, /AA, /Launch, /EmbeddedFile(s),
  /RichMedia, /XFA, /SubmitForm, /ImportData, /GoToR, /GoToE, /URI is allowed;
  names are compared after decoding `#xx` escapes (`/J#61vaScript` is /JavaScript);
* not encrypted (its content could not be checked);
* compressed streams may not expand beyond MAX_INFLATED bytes in all (a bomb is refused).
"""
from __future__ import annotations

import re
import zlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_INFLATED = 100 * 1024 * 1024
FORBIDDEN_NAMES = {
    b"JavaScript", b"JS", b"OpenAction", b"AA", b"Launch", b"EmbeddedFile", b"EmbeddedFiles", b"RichMedia",
    b"XFA", b"SubmitForm", b"ImportData", b"GoToR", b"GoToE", b"Sound", b"Movie",
}
_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_STREAM = re.compile(rb"stream\r?\n")
_HTML = re.compile(rb"<\s*(script|html|body|iframe|object|embed|svg|!doctype)\b", re.IGNORECASE)
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def _refuse(message, code: str):
    raise ValidationError(message, code=code)


def _names(data: bytes) -> set[bytes]:
    return {_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw) for raw in _NAME.findall(data)}


def _inflated_streams(data: bytes):
    """Every stream's content, inflated when it is zlib data, within MAX_INFLATED bytes in all."""
    budget = MAX_INFLATED
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        if end == -1:
            continue
        raw = data[start:end]
        inflater = zlib.decompressobj()
        try:
            out = inflater.decompress(raw, budget + 1)
        except zlib.error:
            continue  # not zlib (an image's DCT data, or another filter): scanned raw already
        budget -= len(out)
        if budget < 0 or inflater.unconsumed_tail:
            _refuse(_("The PDF holds compressed data too large to check (a possible “zip bomb”)."), "pdf_bomb")
        yield out


def pdf_check(data: bytes) -> None:
    """Raise ValidationError (with an officer's message) unless `data` is a plain PDF document."""
    if not data.startswith(b"%PDF-"):
        _refuse(_("This file is not a PDF, or something is hidden before the PDF begins."), "pdf_header")
    if b"%%EOF" not in data[-1024:]:
        _refuse(_("This PDF is incomplete or has something attached after its end."), "pdf_trailer")
    if _HTML.search(data):
        _refuse(_("This PDF contains web-page code (HTML). Print the document to a new PDF and upload that."),
                "pdf_html")
    names = _names(data)
    for stream in _inflated_streams(data):
        if _HTML.search(stream):
            _refuse(_("This PDF contains web-page code (HTML). Print the document to a new PDF and upload that."),
                    "pdf_html")
        names |= _names(stream)
    if b"Encrypt" in names:
        _refuse(_("This PDF is encrypted or password-protected, so it cannot be checked. Upload an unprotected copy."),
                "pdf_encrypted")
    found = sorted(n.decode("latin-1") for n in names & FORBIDDEN_NAMES)
    if found:
        _refuse(
            _("This PDF contains scripts, automatic actions or attached files (%(what)s). Print the document to "
              "a new PDF (“Microsoft Print to PDF” or “Save as PDF”) and upload that.") % {"what": ", ".join(found)},
            "pdf_active",
        )
