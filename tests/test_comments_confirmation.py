"""Confirmed commenters: the link, what it changes, and that typing an address is not enough."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from comments.confirmation import is_confirmed
from comments.models import Comment, ConfirmedEmail
from comments.moderation import policy
from tests.factories import comment_post_data, confirm_email, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def post(client, article, **data):
    return client.post(f"/en/comments/story/{article.pk}/", comment_post_data(**data))


def link_in(message) -> str:
    return re.search(r"https?://\S+/comments/confirm/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_a_first_comment_emails_a_confirmation_link_once_an_hour(
    client, django_capture_on_commit_callbacks
):
    article = make_article(language="en", headline="Port reopens")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, article)
        post(client, article, body="A second, different comment.")
    sent = [m for m in mail.outbox if m.to == ["samir@example.org"]]
    assert len(sent) == 1
    assert "Port reopens" in sent[0].body
    assert "/en/comments/confirm/" in link_in(sent[0])
    assert not is_confirmed("samir@example.org")
    assert ConfirmedEmail.objects.get().requested_at is not None


def test_the_link_asks_on_get_and_confirms_on_post(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, make_article())
    url = path_of(link_in(mail.outbox[0]))
    page = client.get(url)
    assert page.status_code == 200
    assert "samir@example.org" in page.content.decode()
    assert not is_confirmed("samir@example.org")  # a mail scanner's visit changes nothing
    done = client.post(url)
    assert done.status_code == 200
    assert is_confirmed("Samir@Example.org")
    # Confirmed addresses are not asked again.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(client, make_article(), body="Another story, another comment.")
    assert [m for m in mail.outbox if m.to == ["samir@example.org"]] == []


def test_a_tampered_or_expired_link_is_refused_clearly(
    client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, make_article())
    url = path_of(link_in(mail.outbox[0])).replace("/ar/", "/en/", 1)
    tampered = client.post(url.replace("/confirm/", "/confirm/x"))
    assert tampered.status_code == 400
    assert "not valid" in tampered.content.decode()
    settings.COMMENTS_CONFIRM_MAX_AGE = -1
    expired = client.post(url)
    assert expired.status_code == 410
    assert "expired" in expired.content.decode()
    assert not is_confirmed("samir@example.org")


@override_settings(COMMENTS_TRUSTED_AFTER=2)
def test_an_unconfirmed_address_is_never_trusted(client):
    """Anyone who knows a trusted reader's address could type it: only a confirmed one counts."""
    article = make_article()
    for _ in range(5):
        make_comment(article, email="samir@example.org")
    assert not policy.is_trusted("samir@example.org")
    post(client, article, body="typed by someone else")
    assert Comment.objects.get(body="typed by someone else").status == Comment.Status.PENDING
    # Asking for a link is not confirming it.
    ConfirmedEmail.objects.filter(email="samir@example.org").update(confirmed_at=None)
    assert not policy.is_trusted("samir@example.org")
    confirm_email("samir@example.org")
    assert policy.is_trusted("SAMIR@example.org")
    post(client, article, body="now from a confirmed address")
    assert Comment.objects.get(body="now from a confirmed address").status == "approved"


def test_the_queue_marks_unconfirmed_commenters_and_filters_them(client):
    article = make_article()
    make_comment(article, status="pending", name="Unsure Reader", email="new@example.org")
    make_comment(article, status="pending", name="Known Reader", email="known@example.org")
    confirm_email("known@example.org")
    moderator = make_user("Moderators")
    client.force_login(moderator)
    page = client.get("/en/admin/comments/comment/").content.decode()
    rows = re.findall(r"<tr>.*?</tr>", page, re.S)
    unsure = next(r for r in rows if "Unsure Reader" in r)
    known = next(r for r in rows if "Known Reader" in r)
    assert "comment-unconfirmed" in unsure and "comment-unconfirmed" not in known
    only_new = client.get("/en/admin/comments/comment/?confirmed=no").content.decode()
    assert "Unsure Reader" in only_new and "Known Reader" not in only_new
    only_known = client.get("/en/admin/comments/comment/?confirmed=yes").content.decode()
    assert "Known Reader" in only_known and "Unsure Reader" not in only_known


def test_the_queue_marker_costs_no_query_per_row(client, django_assert_max_num_queries):
    article = make_article()
    for n in range(30):
        make_comment(article, status="pending", email=f"r{n}@example.org")
    client.force_login(make_user("Moderators"))
    client.get("/en/admin/comments/comment/")
    with django_assert_max_num_queries(20):
        assert client.get("/en/admin/comments/comment/").status_code == 200
