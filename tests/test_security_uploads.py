"""Hostile uploads: every entry point refuses them with a clear message and writes nothing.

Entry points: an image dropped into a story's body (CKEditor 5's upload URL), a
story's lead image and an author's photo (admin forms).
"""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from articles.models import Article, Author
from tests.factories import article_admin_form_data, make_section, make_user

pytestmark = pytest.mark.django_db

validators = pytest.importorskip(
    "articles.validators", reason="the desk's image validator (articles/validators.py) is missing"
)

UPLOAD_URL = "/ckeditor5/image_upload/"


def picture(fmt="PNG", size=(32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


def noise_png(side: int) -> bytes:
    """A PNG that does not compress: about 3 bytes per pixel."""
    import os

    image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def png_chunk(kind: bytes, data: bytes) -> bytes:
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def png_bomb(side=60_000) -> bytes:
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    idat = zlib.compressobj(9).compress(b"\x00" * 1_000_000)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat)


HOSTILE = {
    "plain text named .png": (b"just some words, not a picture\n" * 20, "notes.png", "image/png"),
    "HTML page named .jpg": (
        b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>",
        "photo.jpg",
        "image/jpeg",
    ),
    "SVG with a script": (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
        b"<script>alert(2)</script></svg>",
        "logo.svg",
        "image/svg+xml",
    ),
    "SVG named .png": (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
        "logo.png",
        "image/png",
    ),
    "GIF header then HTML (GIFAR-style polyglot)": (
        b"GIF89a/*<html><body><script>alert(1)</script></body></html>*/=1;",
        "funny.gif",
        "image/gif",
    ),
    "JPEG magic then JavaScript": (
        b"\xff\xd8\xff\xe0" + b"alert(document.domain);//" * 10,
        "avatar.jpg",
        "image/jpeg",
    ),
    "Windows executable named .webp": (
        b"MZ\x90\x00\x03" + b"\x00" * 200 + b"This program cannot be run in DOS mode",
        "setup.webp",
        "image/webp",
    ),
    "PDF named .png": (b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "doc.png", "image/png"),
    "empty file": (b"", "empty.png", "image/png"),
    "truncated PNG": (picture("PNG")[:60], "cut.png", "image/png"),
    "BMP (a real image, not a web format)": (picture("BMP"), "old.png", "image/png"),
    "TIFF (a real image, not a web format)": (picture("TIFF"), "scan.jpg", "image/jpeg"),
    "decompression bomb (60000×60000 PNG header)": (png_bomb(), "bomb.png", "image/png"),
}


def media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def body_upload(client, content, name, content_type):
    return client.post(
        UPLOAD_URL,
        {"upload": SimpleUploadedFile(name, content, content_type)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("Editors"))
    return client


@pytest.mark.parametrize("case", list(HOSTILE))
def test_body_upload_refuses_hostile_files(editor_client, case):
    content, name, content_type = HOSTILE[case]
    before = media_files()
    response = body_upload(editor_client, content, name, content_type)
    assert response.status_code == 400, case
    message = response.json()["error"]["message"]
    assert len(message) > 20, message  # a sentence the editor can act on
    assert media_files() == before


@pytest.mark.parametrize("case", list(HOSTILE))
def test_lead_image_refuses_hostile_files(editor_client, case):
    content, name, content_type = HOSTILE[case]
    section = make_section()
    before = media_files()
    response = editor_client.post(
        "/en/admin/articles/article/add/",
        {
            "language": "ar",
            "headline": "عنوان تجريبي",
            "section": section.pk,
            "status": Article.Status.DRAFT,
            "comments_enabled": "on",
            "comment_mode": "pre",
            "lead_image": SimpleUploadedFile(name, content, content_type),
        },
    )
    assert response.status_code == 200, case
    errors = response.context["adminform"].form.errors
    assert "lead_image" in errors, (case, errors)
    assert not Article.objects.exists()
    assert media_files() == before


@pytest.mark.parametrize(
    "case",
    ["HTML page named .jpg", "SVG with a script", "decompression bomb (60000×60000 PNG header)"],
)
def test_author_photo_refuses_hostile_files(editor_client, case):
    content, name, content_type = HOSTILE[case]
    before = media_files()
    response = editor_client.post(
        "/en/admin/articles/author/add/",
        {
            "name_ar": "كاتب",
            "name_en": "Writer",
            "slug": "writer-x",
            "photo": SimpleUploadedFile(name, content, content_type),
        },
    )
    assert response.status_code == 200, case
    assert "photo" in response.context["adminform"].form.errors
    assert not Author.objects.filter(slug="writer-x").exists()
    assert media_files() == before


def test_oversized_image_is_refused_with_its_size(editor_client):
    content = noise_png(200)  # about 120 KB
    with override_settings(NEWSROOM_MAX_IMAGE_BYTES=50_000):
        before = media_files()
        response = body_upload(editor_client, content, "big.png", "image/png")
    assert response.status_code == 400
    assert "48" in response.json()["error"]["message"]  # the limit, 48.8 KB, is named
    assert media_files() == before


def test_too_many_pixels_is_refused(editor_client):
    content = picture("PNG", size=(3000, 3000))
    with override_settings(NEWSROOM_MAX_IMAGE_PIXELS=1_000_000):
        before = media_files()
        response = body_upload(editor_client, content, "wide.png", "image/png")
    assert response.status_code == 400
    assert "3000" in response.json()["error"]["message"]  # 3000×3000 pixels
    assert media_files() == before


def test_a_real_image_with_a_lying_name_is_stored_under_its_true_format(editor_client):
    response = body_upload(editor_client, picture("JPEG"), "evil.html", "text/html")
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.endswith(".jpg")
    assert "evil" not in url


@pytest.mark.parametrize("fmt", ["GIF", "JPEG", "PNG"])
def test_a_valid_image_carrying_html_is_refused(editor_client, fmt):
    """A real picture with an HTML payload appended (a polyglot) is refused outright."""
    content = picture(fmt) + b"<html><script>alert(1)</script></html>"
    before = media_files()
    response = body_upload(editor_client, content, "x.html", "text/html")
    assert response.status_code == 400
    assert "hidden web code" in response.json()["error"]["message"]
    assert media_files() == before


@pytest.mark.parametrize("who", ["anonymous", "reader", "Moderators"])
def test_people_outside_the_desk_cannot_upload_anything(client, who):
    if who != "anonymous":
        client.force_login(make_user(None if who == "reader" else who))
    before = media_files()
    response = body_upload(client, picture("PNG"), "a.png", "image/png")
    assert response.status_code in (302, 403)
    assert media_files() == before


# --- Pictures that pass a header check but cannot be decoded ------------------------------


def png_with_broken_last_idat(side=400) -> bytes:
    """A valid PNG whose last IDAT chunk is garbage with a correct CRC: verify() accepts it."""
    data = noise_png(side)
    chunks, position = [], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunks.append((kind, data[position + 8 : position + 8 + length]))
        position += 12 + length
    last_idat = max(i for i, (kind, _) in enumerate(chunks) if kind == b"IDAT")
    kind, payload = chunks[last_idat]
    chunks[last_idat] = (kind, bytes(b ^ 0x5A for b in payload))
    return b"\x89PNG\r\n\x1a\n" + b"".join(png_chunk(k, d) for k, d in chunks)


def jpeg_cut_short() -> bytes:
    """A photo whose upload stopped at 90 %, as an interrupted phone upload leaves it."""
    import os

    image = Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    return data[: len(data) * 9 // 10]


UNDECODABLE = {
    "PNG with a corrupted last IDAT and a fixed CRC": (png_with_broken_last_idat(), "x.png"),
    "JPEG cut at 90 %": (jpeg_cut_short(), "phone.jpg"),
}


@pytest.mark.parametrize("case", list(UNDECODABLE))
def test_pictures_that_cannot_be_decoded_are_refused_in_the_body(editor_client, case):
    content, name = UNDECODABLE[case]
    before = media_files()
    response = body_upload(editor_client, content, name, "image/png")
    assert response.status_code == 400, case
    assert "not an image we can use" in response.json()["error"]["message"]
    assert media_files() == before


@pytest.mark.parametrize("case", list(UNDECODABLE))
def test_pictures_that_cannot_be_decoded_are_refused_as_lead_image(editor_client, case):
    content, name = UNDECODABLE[case]
    response = editor_client.post(
        "/en/admin/articles/article/add/",
        {
            "language": "ar",
            "headline": "عنوان تجريبي",
            "section": make_section().pk,
            "status": Article.Status.DRAFT,
            "comments_enabled": "on",
            "comment_mode": "pre",
            "lead_image": SimpleUploadedFile(name, content, "image/png"),
        },
    )
    assert response.status_code == 200, case
    assert "lead_image" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_a_broken_stored_image_is_tried_once_not_on_every_request(monkeypatch, tmp_path):
    """An image that reached storage before the full decode existed is not decoded per request."""
    from django.core.files.base import ContentFile

    from articles import renditions

    with override_settings(MEDIA_ROOT=str(tmp_path)):
        article = Article.objects.create(
            headline="صورة تالفة",
            section=make_section(),
            language="ar",
        )
        article.lead_image.save("broken.jpg", ContentFile(jpeg_cut_short()), save=False)
        attempts = []
        real_render = renditions._render_all
        monkeypatch.setattr(
            renditions,
            "_render_all",
            lambda field, folder: attempts.append(1) or real_render(field, folder),
        )
        assert renditions.picture_for(article.lead_image) is None
        assert renditions.picture_for(article.lead_image) is None
        assert renditions.picture_for(article.lead_image) is None
    assert len(attempts) == 1


# --- Location and device metadata ----------------------------------------------------------

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
MAKE, MODEL, ORIENTATION, SERIAL = 0x010F, 0x0110, 0x0112, 0xA431


def photo_with_exif(fmt="JPEG") -> bytes:
    image = Image.new("RGB", (64, 48), (200, 100, 50))
    exif = Image.Exif()
    exif[MAKE] = "PhoneMaker"
    exif[MODEL] = "Model X"
    exif[ORIENTATION] = 6
    exif.get_ifd(EXIF_IFD)[SERIAL] = "SN-1234567"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (33.0, 53.0, 20.0), 3: "E", 4: (35.0, 30.0, 5.0)})
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes(), icc_profile=icc)
    return buffer.getvalue()


def assert_no_location_or_device(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as stored:
        exif = stored.getexif()
        assert not exif.get_ifd(GPS_IFD), "GPS position kept"
        assert MAKE not in exif and MODEL not in exif, "camera kept"
        assert SERIAL not in exif.get_ifd(EXIF_IFD), "camera serial kept"
        assert b"SN-1234567" not in data and b"PhoneMaker" not in data
        assert exif.get(ORIENTATION) == 6, "orientation lost"
        assert stored.info.get("icc_profile"), "colour profile lost"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_body_images_lose_their_location_and_camera(editor_client, fmt, tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        response = body_upload(editor_client, photo_with_exif(fmt), "p.img", "image/jpeg")
        assert response.status_code == 200
        relative = response.json()["url"].removeprefix(settings.MEDIA_URL)
        assert_no_location_or_device((tmp_path / relative).read_bytes())


def test_lead_image_originals_lose_their_location_and_camera(editor_client, tmp_path):
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        response = editor_client.post(
            "/en/admin/articles/article/add/",
            article_admin_form_data(
                headline="عنوان تجريبي",
                section=make_section().pk,
                status=Article.Status.DRAFT,
                lead_image=SimpleUploadedFile("p.jpg", photo_with_exif(), "image/jpeg"),
            ),
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        article = Article.objects.get()
        with article.lead_image.open("rb") as handle:
            assert_no_location_or_device(handle.read())
