"""Bust documents go through the same pipeline as photographs: images re-encoded without metadata
within the pixel limit, PDFs checked for scripts, actions, attachments, polyglots and bombs, anything
else refused with a message. A hostile corpus of uploads, each refused (nothing stored) or cleaned."""
import datetime
import io
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from offenders import services
from offenders.photos import MAX_DOCUMENT_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "private"


@pytest.fixture
def bust(sho_a):
    return services.bust_create(actor=sho_a, fir_number="0031/2020", raid_date=datetime.date(2020, 9, 1))


def _pdf(body: bytes = b"", *, head: bytes = b"", tail: bytes = b"") -> bytes:
    """A small, well-formed PDF whose catalogue carries `body`."""
    objects = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R " + body + b" >> endobj",
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >> endobj",
    ]
    return head + b"%PDF-1.7\n" + b"\n".join(objects) + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n" + tail


def _stream_pdf(content: bytes) -> bytes:
    packed = zlib.compress(content)
    return _pdf(b"/Extra 4 0 R").replace(
        b"\ntrailer", b"\n4 0 obj << /Type /ObjStm /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed + b"\nendstream\nendobj\ntrailer")


def _image(fmt: str, size=(40, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(out, format=fmt, **save)
    return out.getvalue()


def _jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (28.0, 27.0, 36.0), 3: "E", 4: (77.0, 5.0, 2.0)}
    exif[0x010F] = "SecretCam"
    return _image("JPEG", exif=exif.tobytes())


def _png_bomb() -> bytes:
    """A PNG claiming 30,000 x 30,000 pixels (900 megapixels) in a few hundred bytes."""
    import struct

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 1000)) + chunk(b"IEND", b"")


HOSTILE = {
    # PDFs that can run or carry something
    "javascript": (_pdf(b"/Names << /JavaScript 5 0 R >>"), "a.pdf", "scripts"),
    "js-action": (_pdf(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"), "a.pdf", "scripts"),
    "open-action": (_pdf(b"/OpenAction 3 0 R"), "a.pdf", "OpenAction"),
    "additional-actions": (_pdf(b"/AA << /O 6 0 R >>"), "a.pdf", "AA"),
    "launch": (_pdf(b"/OpenAction << /S /Launch /F (cmd.exe) >>"), "a.pdf", "Launch"),
    "embedded-file": (_pdf(b"/Names << /EmbeddedFiles 7 0 R >>"), "a.pdf", "EmbeddedFiles"),
    "embedded-file-type": (_pdf(b"/X << /Type /EmbeddedFile >>"), "a.pdf", "EmbeddedFile"),
    "rich-media": (_pdf(b"/X << /Subtype /RichMedia >>"), "a.pdf", "RichMedia"),
    "xfa-form": (_pdf(b"/AcroForm << /XFA 8 0 R >>"), "a.pdf", "XFA"),
    "submit-form": (_pdf(b"/X << /S /SubmitForm >>"), "a.pdf", "SubmitForm"),
    "remote-goto": (_pdf(b"/X << /S /GoToR /F (http://evil) >>"), "a.pdf", "GoToR"),
    "hex-escaped-name": (_pdf(b"/OpenAction << /S /J#61vaScript /J#53 (x) >>"), "a.pdf", "JavaScript"),
    "js-in-object-stream": (_stream_pdf(b"<< /S /JavaScript /JS (app.alert(1)) >>"), "a.pdf", "JavaScript"),
    "launch-in-object-stream": (_stream_pdf(b"<< /S /Launch >>"), "a.pdf", "Launch"),
    "encrypted": (_pdf(b"").replace(b"trailer << /Root 1 0 R", b"trailer << /Root 1 0 R /Encrypt 9 0 R"), "a.pdf", "encrypted"),
    "flate-bomb": (_stream_pdf(b"\x00" * (101 * 1024 * 1024)), "a.pdf", "too large to check"),
    # polyglots and pretenders
    "html-before-pdf": (_pdf(head=b"<html><script>alert(1)</script></html>\n"), "a.pdf", "does not match"),
    "html-inside-pdf": (_pdf(b"/Title (<script>alert(1)</script>)"), "a.pdf", "HTML"),
    "html-in-stream": (_stream_pdf(b"<html><body onload=alert(1)>"), "a.pdf", "HTML"),
    "zip-after-eof": (_pdf(tail=b"PK\x03\x04" + b"\x00" * 2000), "a.pdf", "after its end"),
    "truncated-pdf": (_pdf()[:-40], "a.pdf", "incomplete"),
    "text-named-pdf": (b"just some text\n", "a.pdf", "does not match"),
    "jpeg-named-pdf": (_image("JPEG"), "a.pdf", "does not match"),
    "pdf-named-png": (_pdf(), "a.png", "does not match"),
    "html-named-jpg": (b"<!doctype html><script>alert(1)</script>", "a.jpg", "does not match"),
    "gif-named-jpg": (_image("GIF"), "a.jpg", "does not match"),
    "bmp-named-png": (_image("BMP"), "a.png", "does not match"),
    # images that fail the photographs' pipeline
    "png-bomb": (_png_bomb(), "a.png", "too large in pixels"),
    "truncated-jpeg": (_image("JPEG", size=(400, 300))[:600], "a.jpg", "damaged"),
    "webp-named-png": (_image("WEBP"), "a.png", "does not match"),
    # types never accepted
    "exe": (b"MZ\x90\x00" + b"\x00" * 100, "a.exe", "Only PDF"),
    "svg": (b"<svg onload=alert(1)>", "a.svg", "Only PDF"),
    "html": (b"<html></html>", "a.html", "Only PDF"),
    "double-extension": (_pdf(), "a.pdf.exe", "Only PDF"),
    "no-extension": (_pdf(), "document", "Only PDF"),
    "docx": (b"PK\x03\x04" + b"\x00" * 100, "a.docx", "Only PDF"),
    "empty": (b"", "a.pdf", "empty"),
    "too-large": (b"%PDF-1.7\n" + b"0" * MAX_DOCUMENT_BYTES + b"\n%%EOF\n", "a.pdf", "larger than 10 MB"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_document_is_refused_with_a_message_and_nothing_is_stored(case, bust, sho_a, private_media):
    data, name, words = HOSTILE[case]
    with pytest.raises(ValidationError) as refused:
        services.bust_document_add(actor=sho_a, bust=bust, upload=SimpleUploadedFile(name, data))
    assert words in " ".join(refused.value.messages)
    assert bust.documents.count() == 0
    assert not [p for p in Path(private_media).rglob("*") if p.is_file()]


def test_a_plain_pdf_is_kept_byte_for_byte(bust, sho_a, private_media):
    data = _pdf(b"/Lang (en-IN)")
    doc = services.bust_document_add(actor=sho_a, bust=bust, upload=SimpleUploadedFile("FIR.pdf", data))
    assert doc.file.read() == data and doc.content_type == "application/pdf"


@pytest.mark.parametrize("fmt,name", [("JPEG", "seizure.jpg"), ("PNG", "seizure.png")])
def test_image_documents_are_re_encoded_without_metadata(fmt, name, bust, sho_a, private_media):
    data = _jpeg_with_gps() if fmt == "JPEG" else _image("PNG") + b"PK\x03\x04 trailing payload"
    doc = services.bust_document_add(actor=sho_a, bust=bust, upload=SimpleUploadedFile(name, data))
    stored = doc.file.read()
    assert stored != data and doc.content_type == "image/jpeg" and doc.original_name == "seizure.jpg"
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif() and image.size == (40, 30)
    assert b"SecretCam" not in stored and b"PK\x03\x04" not in stored
