"""Absolute addresses come from ``NEWSROOM_SITE_URL``, never from the request's Host.

And plain-text mail is plain text: a name with an apostrophe is not HTML-escaped.
"""

import time
from pathlib import Path

import pytest
from django.core import mail
from django.test import override_settings

from comments.tokens import issue_token
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SITE = "https://news.example.org"
HOSTILE_HOST = "news.example.org:8443"


def post_comment(client, article, name="Layla"):
    return client.post(
        f"/en/comments/story/{article.pk}/",
        {
            "name": name,
            "email": "layla@example.org",
            "body": "A thoughtful comment.",
            "form_token": issue_token(issued_at=time.time() - 30),
        },
        HTTP_HOST=HOSTILE_HOST,
    )


@pytest.fixture
def site(settings):
    settings.NEWSROOM_SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "news.example.org"]


@pytest.mark.parametrize(
    "path",
    ["/robots.txt", "/ar/feed/", "/sitemap.xml", "/sitemap-articles.xml", "/news-sitemap.xml"],
)
def test_discovery_files_name_the_configured_site(client, site, path):
    make_article(language="ar")
    response = client.get(path, HTTP_HOST=HOSTILE_HOST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "8443" not in text
    assert f"{SITE}/" in text


def test_story_pages_name_the_configured_site(client, site):
    article = make_article()
    response = client.get(article.get_absolute_url(), HTTP_HOST=HOSTILE_HOST)
    text = response.content.decode()
    assert f'<link rel="canonical" href="{SITE}{article.get_absolute_url()}">' in text
    assert "8443" not in text


def test_moderators_email_links_to_the_configured_site(
    client, site, django_capture_on_commit_callbacks
):
    make_user("Moderators")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, make_article())
    confirmation, message = mail.outbox  # the commenter's confirmation link, then the desk
    assert f"{SITE}/ar/admin/comments/comment/" in message.body
    assert f"{SITE}/ar/comments/confirm/" in confirmation.body
    assert "8443" not in message.body + confirmation.body


def test_production_refuses_to_start_without_a_site_url():
    import subprocess
    import sys

    env = {
        "DJANGO_SETTINGS_MODULE": "newsroom.settings.prod",
        "SECRET_KEY": "k" * 60,
        "ALLOWED_HOSTS": "news.example.org",
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "sqlite:///unused.sqlite3",
    }
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode != 0
    assert "NEWSROOM_SITE_URL" in result.stderr
    ok = subprocess.run(
        [sys.executable, "-c", code],
        env={**env, "NEWSROOM_SITE_URL": SITE},
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert ok.returncode == 0, ok.stderr


# --- Plain-text mail ----------------------------------------------------------------------


@override_settings(COMMENTS_NOTIFY_MODERATORS=True)
def test_moderators_email_subject_and_body_are_not_html_escaped(
    client, site, django_capture_on_commit_callbacks
):
    make_user("Moderators")
    article = make_article(headline='Q&A: "Beirut" <live>', language="en")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, name="Seán O'Brien")
    confirmation, message = mail.outbox  # the commenter's confirmation link, then the desk
    assert 'Q&A: "Beirut" <live>' in confirmation.body
    assert "Seán O'Brien" in message.subject
    assert "&#x27;" not in message.subject and "&amp;" not in message.subject
    assert 'Q&A: "Beirut" <live>' in message.body


def test_commenters_decision_email_is_not_html_escaped(client, django_capture_on_commit_callbacks):
    moderator = make_user("Moderators")
    client.force_login(moderator)
    article = make_article(language="en", headline="O'Brien's \"view\" & more")
    comment = make_comment(article, status="pending", notify=True, name="Seán O'Brien")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/en/admin/comments/comment/{comment.pk}/moderate/approve/", {"confirm": "1"})
    (message,) = mail.outbox
    assert "Seán O'Brien" in message.body
    assert "O'Brien's \"view\" & more" in message.body
    assert "&#x27;" not in message.subject + message.body
