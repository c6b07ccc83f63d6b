"""Image uploads: checked by Pillow, capped in bytes and pixels, staff only, nothing left behind.

Covers the three ways an image enters the newsroom: a story's lead image and an
author's photo (admin forms) and an image dropped into the body (CKEditor 5).
"""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Author
from tests.factories import article_admin_form_data, make_section, make_user

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/ckeditor5/image_upload/"


def image_bytes(fmt="PNG", size=(40, 30), color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def png_bomb(width=100_000, height=100_000) -> bytes:
    """A tiny PNG whose header claims ten billion pixels: refused before decoding."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def media_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def upload(client, content: bytes, name: str, content_type="image/png"):
    # The upload address has no language prefix: the message follows the browser's language.
    return client.post(
        UPLOAD_URL,
        {"upload": SimpleUploadedFile(name, content, content_type)},
        HTTP_ACCEPT_LANGUAGE="en",
    )


# -- CKEditor 5 body uploads --


def test_anonymous_visitors_cannot_upload(client):
    before = media_files()
    response = upload(client, image_bytes(), "a.png")
    assert response.status_code == 403
    assert "permission" in response.json()["error"]["message"]
    assert media_files() == before


def test_readers_without_staff_status_cannot_upload(client):
    client.force_login(make_user())
    before = media_files()
    assert upload(client, image_bytes(), "a.png").status_code == 403
    assert media_files() == before


def test_moderators_cannot_upload_story_images(client):
    client.force_login(make_user("Moderators"))
    assert upload(client, image_bytes(), "a.png").status_code == 403


@pytest.mark.parametrize("role", ["Writers", "Editors"])
def test_desk_staff_upload_an_image_into_the_body(client, role):
    client.force_login(make_user(role))
    response = upload(client, image_bytes(), "صورة.png")
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith(settings.MEDIA_URL + "body/")
    stored = Path(settings.MEDIA_ROOT) / url.removeprefix(settings.MEDIA_URL)
    assert stored.is_file()
    with Image.open(stored) as image:
        assert image.size == (40, 30)


def test_the_stored_name_follows_the_real_format_not_the_uploaded_name(client):
    client.force_login(make_user("Editors"))
    response = upload(client, image_bytes("JPEG"), "photo.gif", "image/gif")
    assert response.status_code == 200
    assert response.json()["url"].endswith(".jpg")
    assert "photo" not in response.json()["url"]


def test_upload_accepts_post_only(client):
    client.force_login(make_user("Editors"))
    assert client.get(UPLOAD_URL).status_code == 405


def test_upload_needs_the_csrf_token(client):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(make_user("Editors"))
    assert upload(csrf_client, image_bytes(), "a.png").status_code == 403


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (b"just some text, not a picture", "notes.png", "image/png"),
        (SVG, "logo.svg", "image/svg+xml"),
        (SVG, "logo.png", "image/png"),
        (b"%PDF-1.4 fake", "doc.jpg", "image/jpeg"),
    ],
)
def test_non_images_and_svg_are_refused_and_nothing_is_stored(client, content, name, content_type):
    client.force_login(make_user("Editors"))
    before = media_files()
    response = upload(client, content, name, content_type)
    assert response.status_code == 400
    assert "JPEG, PNG, GIF or WebP" in response.json()["error"]["message"]
    assert media_files() == before


def test_a_format_browsers_do_not_show_is_refused(client):
    client.force_login(make_user("Editors"))
    response = upload(client, image_bytes("BMP"), "a.png")
    assert response.status_code == 400
    assert "BMP" in response.json()["error"]["message"]


def test_an_image_over_the_byte_cap_is_refused(client, settings):
    settings.NEWSROOM_MAX_IMAGE_BYTES = 500
    client.force_login(make_user("Editors"))
    content = image_bytes("PNG", size=(200, 200))
    assert len(content) > 500
    before = media_files()
    response = upload(client, content, "a.png")
    assert response.status_code == 400
    assert "largest allowed" in response.json()["error"]["message"]
    assert media_files() == before


def test_an_image_over_the_pixel_cap_is_refused(client, settings):
    settings.NEWSROOM_MAX_IMAGE_PIXELS = 1000
    client.force_login(make_user("Editors"))
    response = upload(client, image_bytes(size=(50, 50)), "a.png")
    assert response.status_code == 400
    assert "50×50" in response.json()["error"]["message"]


def test_a_decompression_bomb_gets_a_clear_error_not_a_server_error(client):
    client.force_login(make_user("Editors"))
    before = media_files()
    response = upload(client, png_bomb(), "bomb.png")
    assert response.status_code == 400
    assert "decompression bomb" in response.json()["error"]["message"]
    assert media_files() == before


def test_a_bomb_under_pillows_limit_but_over_ours_is_refused(client):
    client.force_login(make_user("Editors"))
    # 9,000 × 9,000 = 81 million pixels: Pillow only warns; our cap is 40 million.
    response = upload(client, png_bomb(9_000, 9_000), "big.png")
    assert response.status_code == 400
    assert "9000×9000" in response.json()["error"]["message"]


# -- Lead image and author photo, through the admin forms --


def article_form(**overrides) -> dict:
    return article_admin_form_data(
        **{"headline": "خبر مع صورة", "section": make_section().pk, **overrides}
    )


def test_a_valid_lead_image_is_saved(client):
    client.force_login(make_user("Editors"))
    data = article_form(lead_image=SimpleUploadedFile("lead.png", image_bytes(), "image/png"))
    response = client.post("/en/admin/articles/article/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert article.lead_image.name.startswith("leads/")
    assert Path(article.lead_image.path).is_file()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (png_bomb(), "bomb.png", "decompression bomb"),
        (SVG, "lead.svg", "JPEG, PNG, GIF or WebP"),
        (b"not an image", "lead.jpg", "JPEG, PNG, GIF or WebP"),
    ],
)
def test_a_bad_lead_image_is_refused_with_a_clear_error(client, content, name, message):
    client.force_login(make_user("Editors"))
    before = media_files()
    data = article_form(lead_image=SimpleUploadedFile(name, content, "image/png"))
    response = client.post("/en/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert message in response.text
    assert not Article.objects.exists()
    assert media_files() == before


def test_a_lead_image_over_the_byte_cap_is_refused(client, settings):
    settings.NEWSROOM_MAX_IMAGE_BYTES = 100
    client.force_login(make_user("Editors"))
    data = article_form(lead_image=SimpleUploadedFile("lead.png", image_bytes(), "image/png"))
    response = client.post("/en/admin/articles/article/add/", data)
    assert response.status_code == 200
    assert "largest allowed" in response.text
    assert not Article.objects.exists()


def author_form(**overrides) -> dict:
    data = {
        "name_ar": "رنا ڤرحات",
        "name_en": "Rana Farhat",
        "slug": "rana-farhat",
        "bio_ar": "",
        "bio_en": "",
        "user": "",
    }
    data.update(overrides)
    return data


def test_a_valid_author_photo_is_saved(client):
    client.force_login(make_user(superuser=True))
    data = author_form(photo=SimpleUploadedFile("rana.jpg", image_bytes("JPEG"), "image/jpeg"))
    response = client.post("/en/admin/articles/author/add/", data)
    assert response.status_code == 302
    assert Path(Author.objects.get().photo.path).is_file()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [(SVG, "rana.svg", "JPEG, PNG, GIF or WebP"), (png_bomb(), "rana.png", "decompression bomb")],
)
def test_a_bad_author_photo_is_refused(client, content, name, message):
    client.force_login(make_user(superuser=True))
    before = media_files()
    data = author_form(photo=SimpleUploadedFile(name, content, "image/png"))
    response = client.post("/en/admin/articles/author/add/", data)
    assert response.status_code == 200
    assert message in response.text
    assert not Author.objects.exists()
    assert media_files() == before
