"""Photographs of persons and documents of busts: checked, cleaned, stored privately.

A photograph is accepted only when Pillow reads it as a whole JPEG, PNG or WebP image
within the size and pixel limits. It is then re-encoded from its pixels alone (so
EXIF, GPS and any other metadata or trailing payload are dropped), with a thumbnail,
under random names in a storage that has no public URL: files are served only by
access-checked views (offenders.views.photos, offenders.views.busts.bust_document_download).
"""
from __future__ import annotations

import base64
import io
import os
import threading
import uuid
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from core.pdfcheck import pdf_check

#: Largest upload accepted, in bytes.
MAX_PHOTO_BYTES = 5 * 1024 * 1024
#: Largest image accepted, in pixels (width x height). Anything larger is refused as a
#: possible decompression bomb; Pillow's own limit is set to the same figure.
MAX_PHOTO_PIXELS = 40_000_000
#: The formats Pillow must recognise in the file's content (never its name).
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
#: Longest side of the stored photograph and of its thumbnail.
PHOTO_MAX_SIDE = 2000
THUMB_MAX_SIDE = 240

Image.MAX_IMAGE_PIXELS = MAX_PHOTO_PIXELS
# A truncated file must be refused, never padded. WeasyPrint sets Pillow's global
# LOAD_TRUNCATED_IMAGES = True when it is imported (bulletin PDFs), so the checks below set it
# back to False for the duration of their own decoding, under a lock.
_STRICT_DECODING = threading.Lock()


@deconstructible
class PrivateStorage(FileSystemStorage):
    """Files under MEDIA_ROOT/private with no URL at all: only views that check access serve them.

    The folder follows settings.MEDIA_ROOT at run time (not at import), so tests can move it.
    """

    @property
    def base_location(self):
        return os.path.join(str(settings.MEDIA_ROOT), "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through an access-checked view.")


def private_storage() -> PrivateStorage:
    """The storage of photographs and case documents (a callable, so settings apply at run time)."""
    return PrivateStorage()


@dataclass
class CleanPhoto:
    """A checked photograph, re-encoded: the full image and its thumbnail as JPEG bytes."""

    key: uuid.UUID
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int


_TEXT_PREFIXES = (b"<", b"\xef\xbb\xbf<", b"<?xml", b"<!doctype", b"<svg", b"<html")


def _refuse(message, code: str):
    raise ValidationError(message, code=code)


def _looks_like_text(head: bytes) -> bool:
    """HTML, SVG or XML (possibly renamed .jpg): text that starts with a tag."""
    return head.lstrip()[:1] == b"<" or head.lower().startswith(_TEXT_PREFIXES)


def _read(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        _refuse(_("The photograph is larger than 5 MB. Send a smaller one."), "too_large")
    upload.seek(0)
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        _refuse(_("The photograph is larger than 5 MB. Send a smaller one."), "too_large")
    if not data:
        _refuse(_("The file is empty."), "empty")
    return data


def _open_checked(data: bytes) -> Image.Image:
    """Open, verify and fully decode the image, refusing bombs, truncation and other formats."""
    not_image = _("This file is not a photograph. Upload a JPEG, PNG or WebP image.")
    if _looks_like_text(data[:512]):
        _refuse(
            _("This file is a web page or a drawing (HTML or SVG), not a photograph. Upload a JPEG, PNG or WebP image."),
            "not_image",
        )
    with _STRICT_DECODING, warnings.catch_warnings():
        # Pillow warns between the limit and twice the limit: treat the warning as a refusal too.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        previous, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    _refuse(not_image, "format")
                probe.verify()
            image = Image.open(io.BytesIO(data))
            if image.width * image.height > MAX_PHOTO_PIXELS:
                _refuse(_("The image is too large in pixels (more than 40 megapixels)."), "too_many_pixels")
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            _refuse(_("The image is too large in pixels (more than 40 megapixels)."), "too_many_pixels")
        except UnidentifiedImageError:
            _refuse(not_image, "not_image")
        except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError):
            # Pillow reports truncated or corrupt data with these.
            _refuse(_("The image file is damaged or incomplete. Upload the complete photograph."), "damaged")
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous
    return image


def _to_rgb(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)  # keep the orientation the camera meant, then drop EXIF
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image, max_side: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((max_side, max_side))
    # A fresh image from the pixels only: no info, no EXIF, no ICC profile is carried over.
    clean = Image.new("RGB", copy.size)
    clean.paste(copy)
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def photo_clean(upload) -> CleanPhoto:
    """Check an uploaded photograph and return its clean re-encoding, or raise ValidationError.

    Nothing is written anywhere here: the caller stores the result.
    """
    image = _open_checked(_read(upload))
    try:
        rgb = _to_rgb(image)
        key = uuid.uuid4()
        full = _encode(rgb, PHOTO_MAX_SIDE)
        thumb = _encode(rgb, THUMB_MAX_SIDE)
    finally:
        image.close()
    with Image.open(io.BytesIO(full)) as stored:
        width, height = stored.size
    return CleanPhoto(
        key=key,
        image=ContentFile(full, name=f"{key.hex}.jpg"),
        thumbnail=ContentFile(thumb, name=f"{key.hex}-thumb.jpg"),
        width=width,
        height=height,
    )


# ----------------------------------------------------------------------------- case documents

#: Largest case document accepted, in bytes.
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
#: Longest side of a stored image document (larger than a photograph's: text must stay legible).
DOCUMENT_MAX_SIDE = 3500
#: Allowed document types: extension -> (content type, magic bytes the content must start with).
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


@dataclass
class CleanDocument:
    content: ContentFile
    original_name: str
    content_type: str
    size: int


def document_clean(upload) -> CleanDocument:
    """Check a case document (PDF, JPEG or PNG by name AND content, at most 10 MB).

    Images go through the photographs' pipeline (decoded within the pixel limit, re-encoded as JPEG
    from their pixels alone: no EXIF, GPS or trailing payload); PDFs must pass core.pdfcheck (no
    script, action, attachment, polyglot or bomb). Anything else is refused with a message.
    The file is stored under a random name; its original name is kept for the download.
    """
    name = (getattr(upload, "name", "") or "document").rsplit("/", 1)[-1][:200]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_TYPES:
        _refuse(_("Only PDF, JPEG and PNG documents are accepted."), "type")
    size = getattr(upload, "size", None) or 0
    if size > MAX_DOCUMENT_BYTES:
        _refuse(_("The document is larger than 10 MB."), "too_large")
    upload.seek(0)
    data = upload.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        _refuse(_("The document is larger than 10 MB."), "too_large")
    if not data:
        _refuse(_("The file is empty."), "empty")
    content_type, magics = DOCUMENT_TYPES[extension]
    if not data.startswith(magics):
        _refuse(_("The file's content does not match its type (%(ext)s).") % {"ext": extension.upper()}, "content")
    if content_type == "application/pdf":
        pdf_check(data)
        stored_ext = "pdf"
    else:
        image = _open_checked(data)
        try:
            data = _encode(_to_rgb(image), DOCUMENT_MAX_SIDE)
        finally:
            image.close()
        content_type, stored_ext = "image/jpeg", "jpg"
        name = f"{name.rsplit('.', 1)[0]}.jpg"
    return CleanDocument(
        content=ContentFile(data, name=f"{uuid.uuid4().hex}.{stored_ext}"),
        original_name=name,
        content_type=content_type,
        size=len(data),
    )


def photo_data_uri(photo) -> str:
    """A PersonPhoto's thumbnail as a data: URI (read from private storage), or "" if none or unreadable.

    PDFs embed photographs this way: their renderer fetches nothing but data: URIs (core.pdf).
    """
    if photo is None:
        return ""
    try:
        with photo.thumbnail.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        return ""
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")
