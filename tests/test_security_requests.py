"""Requests a client or a proxy can send that once gave a 500 or a wrong answer.

A form body in a charset Django refuses, a NUL byte in an admin filter, HEAD under
gunicorn and the 404 page's language switch for a scheme-relative path.
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
BROKEN_BODY = "name=%FF%FE&body=\xff\xe9".encode("latin1")


def post_in_charset(client, path, charset, token=""):
    body = (f"csrfmiddlewaretoken={token}&".encode() if token else b"") + BROKEN_BODY
    return client.generic(
        "POST",
        path,
        body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_X_CSRFTOKEN=token,
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.parametrize("charset", ["latin1", "windows-1256", "utf-16", "x-no-such-charset"])
def test_a_form_in_another_charset_is_a_bad_request_not_a_server_error(charset):
    article = make_article()
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.get(article.get_absolute_url())
    client.get("/en/admin/login/")
    token = client.cookies["csrftoken"].value
    for path in (
        f"/ar/comments/story/{article.pk}/",
        "/en/admin/login/",
        "/i18n/setlang/",
        "/ar/no-such-page/",
    ):
        response = post_in_charset(client, path, charset, token)
        # An unknown charset is ignored (read as UTF-8): the form answers with its errors.
        assert response.status_code in (200, 302, 400, 403, 404), (path, response.status_code)
        if response.status_code == 400:
            page = response.content.decode()
            assert "could not be read" in page or "تعذّرت قراءة ما أرسله متصفحك" in page, path


def test_error_pages_come_from_handlers_that_never_read_the_body():
    from django.urls import get_resolver

    resolver = get_resolver()
    for code in (400, 403, 404, 500):
        handler = resolver.resolve_error_handler(code)
        assert handler.__module__ == "newsroom.errors", code


def test_a_forbidden_admin_page_posted_in_latin1_answers_403(client):
    client.force_login(make_user("Moderators"))
    client.raise_request_exception = False
    response = post_in_charset(client, "/en/admin/auth/user/add/", "latin1")
    assert response.status_code in (400, 403)


@pytest.mark.parametrize(
    "query",
    [
        "status__exact=%00",
        "status__exact=draft%00",
        "q=%00",
        "section__id__exact=%00",
        "o=%00",
        "%00=1",
    ],
)
def test_a_nul_byte_in_an_admin_filter_is_never_a_server_error(client, query):
    client.force_login(make_user(superuser=True))
    client.raise_request_exception = False
    make_article()
    for path in ("/en/admin/articles/article/", "/en/admin/comments/comment/"):
        response = client.get(f"{path}?{query}", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code in (200, 302), (path, query, response.status_code)


def test_the_404_language_switch_stays_on_this_site_and_changes_language(client):
    # What a client sends as ``GET //elsewhere.example/ar/ HTTP/1.1``.
    response = client.get("/", PATH_INFO="//elsewhere.example/ar/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 404
    html = response.content.decode()
    assert "elsewhere.example" not in html
    assert 'class="language-switch" href="/en/' in html


def test_the_404_language_switch_of_an_unknown_page_leads_to_the_other_language(client):
    response = client.get("/ar/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="language-switch" href="/en/' in html


# --- HEAD under gunicorn ---------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _raw_request(port: int, method: str, path: str) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.fixture
def gunicorn_port():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("gunicorn shares the test database only on PostgreSQL")
    db = settings.DATABASES["default"]
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.test",
        "DATABASE_URL": (
            f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}"
            f"@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
    }
    env.pop("REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}", "newsroom.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("gunicorn did not start")
                time.sleep(0.05)  # polling for the port, not waiting a fixed time
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.mark.parametrize("path", ["/robots.txt", "/ar/no-such-page/"])
def test_head_answers_carry_no_body_under_gunicorn(gunicorn_port, path):
    get = _raw_request(gunicorn_port, "GET", path)
    head = _raw_request(gunicorn_port, "HEAD", path)
    get_headers, _, get_body = get.partition(b"\r\n\r\n")
    head_headers, _, head_body = head.partition(b"\r\n\r\n")
    assert get_body, "the GET answer has a body to compare with"
    assert head_headers.split(b"\r\n")[0] == get_headers.split(b"\r\n")[0]
    assert head_body == b""
