"""A comment form is sent once: its token is single-use, and two parallel sends store one."""

import threading
import time

import pytest
from django.db import connection
from django.test import Client

from comments.models import Comment
from comments.moderation import policy
from comments.tokens import issue_token
from tests.factories import make_article


def form(token, body="تعليق أول على الخبر.") -> dict:
    return {"name": "سمير", "email": "samir@example.org", "body": body, "form_token": token}


@pytest.mark.django_db
def test_a_form_token_cannot_send_a_second_comment(client):
    article = make_article()
    token = issue_token(issued_at=time.time() - 30)
    url = f"/ar/comments/story/{article.pk}/"
    assert client.post(url, form(token)).status_code == 302
    again = client.post(url, form(token, body="تعليق آخر بالنموذج نفسه."))
    assert again.status_code == 400
    assert "already sent" in again.content.decode() or "أُرسل" in again.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.django_db
def test_the_same_form_sent_again_after_the_duplicate_window_is_still_one_comment(client, settings):
    settings.COMMENTS_DUPLICATE_WINDOW = 0
    article = make_article()
    token = issue_token(issued_at=time.time() - 30)
    url = f"/ar/comments/story/{article.pk}/"
    client.post(url, form(token))
    response = client.post(url, form(token))
    assert response.status_code == 302  # the reader is thanked, as for the first send
    assert Comment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_twice_in_parallel_stores_one_comment(monkeypatch):
    article = make_article()
    token = issue_token(issued_at=time.time() - 30)
    url = f"/ar/comments/story/{article.pk}/"
    # Both requests pass the screening before either stores: the race made certain.
    both_screened = threading.Barrier(2, timeout=10)
    screen = policy.screen

    def screen_together(comment):
        screen(comment)
        both_screened.wait()

    monkeypatch.setattr(policy, "screen", screen_together)
    statuses = []

    def send():
        try:
            statuses.append(Client().post(url, form(token)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses == [302, 302]
    assert Comment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_tabs_with_the_same_text_in_parallel_store_one_comment(monkeypatch):
    """Different tokens, same reader and text at the same moment: the duplicate check holds."""
    article = make_article()
    url = f"/ar/comments/story/{article.pk}/"
    both_screened = threading.Barrier(2, timeout=10)
    screen = policy.screen

    def screen_together(comment):
        screen(comment)
        both_screened.wait()

    monkeypatch.setattr(policy, "screen", screen_together)

    def send():
        try:
            Client().post(url, form(issue_token(issued_at=time.time() - 30)))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert Comment.objects.count() == 1
