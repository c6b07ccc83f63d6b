"""'My comments': the emailed link lists, downloads and deletes a reader's comments; the
thread stays readable; the page tells nobody whether an address comments here."""

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from comments.mine import mine_url
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

ME = "mariam@example.org"


def test_asking_gets_the_same_answer_and_only_a_commenter_gets_mail(client):
    make_comment(make_article(), email=ME)
    known = client.post("/en/comments/mine/", {"email": "Mariam@Example.org"})
    unknown = client.post("/en/comments/mine/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 200
    text = "If we have comments from this address, we have emailed it a link."
    assert text in known.content.decode() and text in unknown.content.decode()
    (message,) = mail.outbox
    assert message.to == [ME]
    assert re.search(r"/en/comments/mine/\S+/", message.body)


def test_a_bad_address_is_explained(client):
    page = client.post("/en/comments/mine/", {"email": "not an address"})
    assert page.status_code == 200
    assert "errorlist" in page.content.decode()
    assert mail.outbox == []


def test_the_link_lists_my_comments_with_their_status_and_no_one_elses(client):
    article = make_article(language="en", headline="Water prices")
    make_comment(article, email=ME, body="published words")
    make_comment(article, email=ME, body="waiting words", status="pending")
    make_comment(article, email=ME, body="refused words", status="spam")
    make_comment(article, email="someone@example.org", body="someone else's words")
    with translation.override("en"):
        page = client.get(mine_url(ME))
    html = page.content.decode()
    assert page.status_code == 200 and page["Referrer-Policy"] == "same-origin"
    for body, status in [
        ("published words", "Published"),
        ("waiting words", "Awaiting moderation"),
        ("refused words", "Not published"),
    ]:
        item = re.search(rf"<li[^>]*>((?:(?!</li>).)*{body}.*?)</li>", html, re.S).group(1)
        assert status in item
    assert "someone else" not in html
    assert client.get("/en/comments/mine/forged-token/").status_code == 400


def test_the_download_holds_every_comment_as_json(client):
    article = make_article()
    make_comment(article, email=ME, body="أول تعليق")
    make_comment(article, email=ME, body="ثاني تعليق", status="pending")
    response = client.get(mine_url(ME) + "download/")
    assert response["Content-Disposition"] == 'attachment; filename="my-comments.json"'
    data = json.loads(response.content)
    assert data["email"] == ME
    assert sorted(c["comment"] for c in data["comments"]) == ["أول تعليق", "ثاني تعليق"]
    assert {c["status"] for c in data["comments"]} == {"approved", "pending"}


def test_deleting_keeps_the_thread_readable(client):
    article = make_article()
    answered = make_comment(article, email=ME, body="تعليق عليه رد")
    reply = make_comment(article, parent=answered, body="رد من قارئ آخر")
    alone = make_comment(article, email=ME, body="تعليق بلا رد")
    assert "(3 تعليقات)" in Client().get(article.get_absolute_url()).content.decode()
    for comment in (answered, alone):
        response = client.post(mine_url(ME) + "delete/", {"comment": str(comment.pk)})
        assert response.status_code == 302
    answered.refresh_from_db()
    assert answered.removed_at and (answered.name, answered.email, answered.body) == ("", "", "")
    page = Client().get(article.get_absolute_url()).content.decode()
    assert "تعليق عليه رد" not in page and "تعليق بلا رد" not in page
    assert "رد من قارئ آخر" in page
    assert "(تعليق واحد)" in page
    assert '<p class="comment-withheld">تعليق حذفه كاتبه.</p>' in page
    assert f'id="comment-{reply.pk}"' in page
    assert f'id="comment-{alone.pk}"' not in page


def test_delete_all_and_only_mine(client):
    article = make_article()
    mine = [make_comment(article, email=ME) for _ in range(3)]
    theirs = make_comment(article, email="other@example.org")
    client.post(mine_url(ME) + "delete/", {"comment": str(theirs.pk)})
    assert client.post(mine_url(ME) + "delete/", {"comment": "9" * 30}).status_code == 302
    theirs.refresh_from_db()
    assert theirs.removed_at is None
    client.post(mine_url(ME) + "delete/", {"comment": "all"})
    assert Comment.objects.filter(pk__in=[c.pk for c in mine], removed_at__isnull=True).count() == 0
    with translation.override("en"):
        assert "You have no comments here." in client.get(mine_url(ME)).content.decode()
