"""The confirmation email: a failed send is retried and never announced, and the email
tells the truth about where the comment is (queued or already published)."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail

from articles.models import Article
from comments.models import ConfirmedEmail
from tests.factories import comment_post_data, make_article

# on_commit runs when the comment's transaction commits, as in production, so the
# message after posting knows whether the link went.
pytestmark = pytest.mark.django_db(transaction=True)

SENT = "Please confirm your address with the link we emailed you."
EARLIER = "use the link we emailed you earlier"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _no_wait(settings):
    settings.COMMENTS_MIN_SECONDS = 0


def post(client, article, body):
    response = client.post(f"/en/comments/story/{article.pk}/", comment_post_data(body=body))
    assert response.status_code == 302
    return str(list(get_messages(response.wsgi_request))[-1])  # this post's message


def refuse_mail(settings):
    """A real SMTP backend pointed at a closed port: sending fails."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2


def test_a_failed_send_is_not_announced_and_the_next_comment_retries(client, settings):
    article = make_article(language="en")
    refuse_mail(settings)
    said = post(client, article, "The first comment, while the mail server is down.")
    assert "awaiting moderation" in said
    assert SENT not in said and EARLIER not in said
    assert ConfirmedEmail.objects.get(email="samir@example.org").requested_at is None

    settings.EMAIL_BACKEND = LOCMEM
    said = post(client, article, "The second comment, the mail server is back.")
    assert SENT in said
    assert [m.to for m in mail.outbox] == [["samir@example.org"]]

    said = post(client, article, "A third comment within the hour.")
    assert EARLIER in said and SENT not in said
    assert len(mail.outbox) == 1  # asked once an hour


def test_the_email_says_a_pre_moderated_comment_waits(client, settings):
    settings.EMAIL_BACKEND = LOCMEM
    post(client, make_article(language="en"), "Waiting for a moderator.")
    (message,) = mail.outbox
    assert "wait for a moderator" in message.body
    assert "already published" not in message.body


def test_the_email_says_a_post_moderated_comment_is_already_published(client, settings):
    settings.EMAIL_BACKEND = LOCMEM
    post(client, make_article(language="en", comment_mode=Article.CommentMode.POST), "At once.")
    (message,) = mail.outbox
    assert "already published" in message.body
    assert "wait for a moderator" not in message.body


def test_email_file_path_is_read_from_the_environment(monkeypatch, tmp_path):
    import importlib

    import newsroom.settings.base as base

    monkeypatch.setenv("EMAIL_FILE_PATH", str(tmp_path))
    path = importlib.reload(base).EMAIL_FILE_PATH
    assert path == str(tmp_path)
