"""Photographs: only real JPEG/PNG/WebP images, cleaned of metadata, stored privately, served after an access check."""
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from offenders import services
from offenders.models import PersonPhoto

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path / "private"


@pytest.fixture
def person(sho_a):
    return services.person_create(actor=sho_a, name="Photo Person")


def _jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (120, 30, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (28.0, 27.0, 30.0), 3: "E", 4: (77.0, 2.0, 0.0)}  # GPS: Gurugram
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _upload(data: bytes, name: str, content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _bomb_png() -> bytes:
    """A tiny PNG whose header claims 20,000 x 20,000 pixels (400 megapixels)."""
    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * 1000)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", pixels) + _png_chunk(b"IEND", b"")


def test_photo_is_reencoded_without_exif_or_gps_under_a_random_name(sho_a, person, private_media):
    original = _jpeg_with_gps()
    assert b"SecretCam" in original
    photo = services.person_photo_add(actor=sho_a, person=person, upload=_upload(original, "suspect-ravi.jpg"))
    stored = photo.image.read()
    photo.image.close()
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif() and image.size == (64, 48)
    assert "suspect-ravi" not in photo.image.name and photo.key.hex in photo.image.name
    with Image.open(photo.thumbnail.path) as thumb:
        assert max(thumb.size) <= 240
    assert all(str(p).startswith(str(private_media)) for p in _files(private_media))
    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018 - private storage has no public URL


def test_png_and_webp_photos_are_accepted(sho_a, person):
    for fmt, mode in (("PNG", "RGBA"), ("WEBP", "RGB")):
        out = io.BytesIO()
        Image.new(mode, (30, 20), (10, 200, 10, 128)[: len(mode)]).save(out, format=fmt)
        services.person_photo_add(actor=sho_a, person=person, upload=_upload(out.getvalue(), f"x.{fmt.lower()}"))
    assert PersonPhoto.objects.filter(person=person).count() == 2


REFUSED = {
    "non-image": (b"%PDF-1.4 this is a document, not a photograph" * 10, "statement.jpg", "not a photograph"),
    "truncated image": (None, "cut.jpg", "damaged or incomplete"),
    "decompression bomb": (None, "bomb.png", "too large in pixels"),
    "svg": (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "face.svg",
            "HTML or SVG"),
    "html renamed .jpg": (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "photo.jpg", "HTML or SVG"),
}


@pytest.mark.parametrize("kind", list(REFUSED))
def test_anything_but_a_real_photo_is_refused_and_nothing_is_stored(sho_a, person, private_media, kind):
    data, name, message = REFUSED[kind]
    if kind == "truncated image":
        out = io.BytesIO()
        Image.effect_noise((400, 300), 80).convert("RGB").save(out, format="JPEG", quality=95)
        data = out.getvalue()[: len(out.getvalue()) // 2]
    elif kind == "decompression bomb":
        data = _bomb_png()
    with pytest.raises(ValidationError) as exc:
        services.person_photo_add(actor=sho_a, person=person, upload=_upload(data, name))
    assert message in exc.value.messages[0]
    assert PersonPhoto.objects.count() == 0
    assert _files(private_media) == []


def test_truncated_photo_is_refused_even_after_weasyprint_is_imported(sho_a, person, private_media):
    import weasyprint  # noqa: F401  (sets Pillow's LOAD_TRUNCATED_IMAGES = True globally)
    from PIL import ImageFile

    out = io.BytesIO()
    Image.effect_noise((400, 300), 80).convert("RGB").save(out, format="JPEG", quality=95)
    with pytest.raises(ValidationError):
        services.person_photo_add(actor=sho_a, person=person, upload=_upload(out.getvalue()[:20000], "cut.jpg"))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it
    assert _files(private_media) == []


def test_upload_form_shows_the_refusal_in_the_officers_terms(client, sho_a, person, private_media):
    client.force_login(sho_a)
    response = client.post(
        reverse("offenders:person-add", args=[person.pk, "photo"]),
        {"image": _upload(b"<html>not a photo</html>", "photo.jpg"), "caption": "x"},
    )
    assert response.status_code == 200
    assert "not a photograph" in response.content.decode()
    assert PersonPhoto.objects.count() == 0 and _files(private_media) == []


def test_too_large_a_file_is_refused(sho_a, person):
    with pytest.raises(ValidationError) as exc:
        services.person_photo_add(actor=sho_a, person=person, upload=_upload(b"\xff\xd8\xff" + b"0" * (5 * 1024 * 1024), "big.jpg"))
    assert "5 MB" in exc.value.messages[0]


def test_photo_is_served_to_officers_only(client, sho_a, sho_b, association, person):
    photo = services.person_photo_add(actor=sho_a, person=person, upload=_upload(_jpeg_with_gps(), "a.jpg"))
    url = reverse("offenders:photo", args=[photo.key])
    assert client.get(url).status_code in (401, 403)
    client.force_login(association)
    assert client.get(url).status_code == 404
    client.force_login(sho_b)  # persons are readable city-wide, photographs with them
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    assert client.get(reverse("offenders:photo-thumb", args=[photo.key])).status_code == 200


def test_station_b_cannot_add_a_photo_to_station_as_person(sho_b, person):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.person_photo_add(actor=sho_b, person=person, upload=_upload(_jpeg_with_gps(), "a.jpg"))


def test_media_url_serves_nothing(client, sho_a, person):
    photo = services.person_photo_add(actor=sho_a, person=person, upload=_upload(_jpeg_with_gps(), "a.jpg"))
    client.force_login(sho_a)
    assert client.get(f"/media/private/{photo.image.name}").status_code == 404


def test_case_documents_are_checked_by_name_and_content(sho_a, private_media):
    bust = services.bust_create(actor=sho_a, fir_number="0009/2020", raid_date=__import__("datetime").date(2020, 9, 1))
    doc = services.bust_document_add(actor=sho_a, bust=bust, upload=_upload(b"%PDF-1.7 memo\n%%EOF\n", "Seizure memo.pdf"))
    assert doc.original_name == "Seizure memo.pdf" and "Seizure" not in doc.file.name
    for data, name in ((b"<html></html>", "memo.pdf"), (b"%PDF-1.7", "memo.exe"), (b"MZ\x90", "memo.png")):
        with pytest.raises(ValidationError):
            services.bust_document_add(actor=sho_a, bust=bust, upload=_upload(data, name))
    assert bust.documents.count() == 1 and len(_files(private_media)) == 1


def test_case_document_download_is_station_scoped(client, sho_a, sho_b):
    bust = services.bust_create(actor=sho_a, fir_number="0009/2020", raid_date=__import__("datetime").date(2020, 9, 1))
    doc = services.bust_document_add(actor=sho_a, bust=bust, upload=_upload(b"%PDF-1.7 memo\n%%EOF\n", "memo.pdf"))
    url = reverse("offenders:bust-document", args=[doc.pk])
    client.force_login(sho_b)
    assert client.get(url).status_code == 404
    client.force_login(sho_a)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.7 memo\n%%EOF\n"
    assert "attachment" in response["Content-Disposition"]
