"""Security headers and the Content Security Policy, on reader pages and in the admin."""

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.factories import make_article, make_author, make_user

ROOT = Path(__file__).resolve().parent.parent


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


class InlineFinder(HTMLParser):
    """Collects inline scripts (not JSON data blocks) and style attributes."""

    def __init__(self):
        super().__init__()
        self.inline_scripts = 0
        self.style_attributes = []
        self.style_elements = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.style_attributes.append(tag)
        if tag == "style":
            self.style_elements += 1
        if tag == "script" and not attrs.get("src"):
            kind = (attrs.get("type") or "").lower()
            if kind not in {"application/ld+json", "application/json"}:
                self.inline_scripts += 1


@pytest.mark.django_db
def test_reader_page_policy_has_no_unsafe_inline(client):
    response = client.get("/ar/")
    assert response.status_code == 200
    directives = policy(response)
    assert (
        directives["script-src"] == ["'self'"]
        or "'unsafe-inline'" not in (directives["script-src"])
    )
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]


@pytest.mark.django_db
def test_reader_pages_carry_the_basic_security_headers(client):
    response = client.get("/en/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_reader_pages_have_no_inline_script_or_style(client):
    author = make_author()
    article = make_article(tags=["سوريا", "Lebanon"], authors=[author])
    urls = ["/ar/", "/en/", article.get_absolute_url(), article.section.get_absolute_url()]
    urls += [author.get_absolute_url(), f"/ar/tag/{article.tags.first().slug}/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        finder = InlineFinder()
        finder.feed(response.content.decode())
        assert finder.inline_scripts == 0, url
        assert finder.style_attributes == [], url
        assert finder.style_elements == 0, url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"], url


@pytest.mark.django_db
def test_admin_alone_allows_inline_styles_for_the_editor(client):
    editor = make_user("Editors")
    client.force_login(editor)
    response = client.get("/ar/admin/articles/article/add/")
    assert response.status_code == 200
    directives = policy(response)
    assert "'unsafe-inline'" in directives["style-src"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    reader = client.get("/ar/")
    assert "'unsafe-inline'" not in policy(reader)["style-src"]


@pytest.mark.django_db
def test_session_cookie_is_httponly_and_samesite(client):
    user = make_user("Editors")
    response = client.post(
        "/ar/admin/login/?next=/ar/admin/",
        {"username": user.username, "password": "pw-Xy7!secret"},
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_production_settings_turn_on_https_protections():
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SECURE_SSL_REDIRECT, s.SECURE_CONTENT_TYPE_NOSNIFF, s.SESSION_COOKIE_SAMESITE]))"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.auto",
        "DEBUG": "0",
        "SECRET_KEY": "k3" * 30 + "Zq!",
        "ALLOWED_HOSTS": "example.org",
        "NEWSROOM_SITE_URL": "https://example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '[31536000, true, true, true, true, true, true, "Lax"]'
