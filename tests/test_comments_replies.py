"""Reply notices: opt-in, confirmed addresses only, once per reply, one-click unsubscribe."""

import re

import pytest
from django.core import mail
from django.test import Client

from comments.models import Comment
from comments.moderation import policy
from comments.replies import unsubscribe_url
from tests.factories import confirm_email, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

PARENT = "layla@example.org"


@pytest.fixture
def moderator():
    return make_user("Moderators")


@pytest.fixture
def thread():
    article = make_article(language="en", headline="Budget vote")
    parent = make_comment(article, email=PARENT, name="Layla", notify_replies=True)
    return article, parent


def approve_reply(article, parent, moderator, callbacks, body="I see it differently."):
    reply = make_comment(
        article, parent=parent, status="pending", name="Omar", email="omar@example.org", body=body
    )
    with callbacks(execute=True):
        policy.decide(reply, Comment.Status.APPROVED, user=moderator)
    return reply


def notices():
    return [m for m in mail.outbox if m.to == [PARENT]]


def test_a_published_reply_emails_the_confirmed_author_once(
    thread, moderator, django_capture_on_commit_callbacks
):
    article, parent = thread
    confirm_email(PARENT)
    reply = approve_reply(article, parent, moderator, django_capture_on_commit_callbacks)
    (message,) = notices()
    assert "Budget vote" in message.subject
    assert "Omar" in message.body and "I see it differently." in message.body
    assert f"#comment-{reply.pk}" in message.body
    unsubscribe = re.search(r"\S*/en/comments/unsubscribe/\S+/", message.body).group(0)
    assert message.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Picking the reply, or approving it again after a change of mind, does not mail again.
    with django_capture_on_commit_callbacks(execute=True):
        policy.set_pick(Comment.objects.filter(pk=reply.pk), True)
        policy.decide(reply, Comment.Status.REJECTED, user=moderator)
        policy.decide(reply, Comment.Status.APPROVED, user=moderator)
    assert len(notices()) == 1


def test_no_notice_for_an_unconfirmed_author(thread, moderator, django_capture_on_commit_callbacks):
    article, parent = thread
    approve_reply(article, parent, moderator, django_capture_on_commit_callbacks)
    assert notices() == []


def test_no_notice_without_the_opt_in_or_for_a_waiting_reply(
    moderator, django_capture_on_commit_callbacks
):
    article = make_article()
    parent = make_comment(article, email=PARENT)  # did not ask
    confirm_email(PARENT)
    approve_reply(article, parent, moderator, django_capture_on_commit_callbacks)
    assert notices() == []
    asked = make_comment(article, email=PARENT, notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        make_comment(article, parent=asked, status="pending")
    assert notices() == []


def test_no_notice_for_replying_to_yourself(thread, moderator, django_capture_on_commit_callbacks):
    article, parent = thread
    confirm_email(PARENT)
    reply = make_comment(article, parent=parent, status="pending", email=PARENT)
    with django_capture_on_commit_callbacks(execute=True):
        policy.decide(reply, Comment.Status.APPROVED, user=moderator)
    assert notices() == []


def test_one_click_on_the_link_unsubscribes_every_comment_of_the_address(
    thread, moderator, django_capture_on_commit_callbacks
):
    article, parent = thread
    other = make_comment(make_article(), email=PARENT, notify_replies=True)
    confirm_email(PARENT)
    approve_reply(article, parent, moderator, django_capture_on_commit_callbacks)
    link = re.search(r"/en/comments/unsubscribe/\S+/", notices()[0].body).group(0)
    page = Client().get(link)
    assert page.status_code == 200
    assert "no more reply notices" in page.content.decode()
    assert not Comment.objects.filter(pk__in=[parent.pk, other.pk], notify_replies=True).exists()
    mail.outbox.clear()
    approve_reply(article, parent, moderator, django_capture_on_commit_callbacks, body="again")
    assert notices() == []


def test_the_mail_clients_one_click_post_needs_no_cookie(thread):
    _article, parent = thread

    url = unsubscribe_url(PARENT, "en")
    client = Client(enforce_csrf_checks=True)
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    parent.refresh_from_db()
    assert parent.notify_replies is False
    assert client.post(url.replace("/unsubscribe/", "/unsubscribe/x")).status_code == 400


def test_the_form_offers_the_opt_in(client):
    article = make_article()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'name="notify_replies"' in page
