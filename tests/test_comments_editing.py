"""The edit window: the link in the thank-you message edits or withdraws, for N minutes only;
an edit that trips the word lists or the link limit goes back to the moderators."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from comments.models import Comment, Decision, Word
from tests.factories import comment_post_data, make_article, make_comment

pytestmark = pytest.mark.django_db


def post_and_get_link(client, article, **data) -> tuple[Comment, str]:
    response = client.post(f"/en/comments/story/{article.pk}/", comment_post_data(**data))
    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    link = re.search(r'href="(/en/comments/edit/[^"]+/)"', message).group(1)
    return Comment.objects.latest(), link


def test_the_thank_you_message_carries_the_edit_link_and_it_edits(client):
    article = make_article(language="en")
    comment, link = post_and_get_link(client, article)
    page = client.get(link)
    assert page.status_code == 200
    assert comment.body in page.content.decode()
    assert 'data-max-chars="2000"' in page.content.decode()  # the live count
    response = client.post(link, {"body": "Better words, same view."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Better words, same view."
    assert comment.edited_at is not None
    assert comment.status == Comment.Status.PENDING


def test_after_the_window_the_link_changes_nothing(client, settings):
    settings.COMMENTS_EDIT_MINUTES = 5
    comment, link = post_and_get_link(client, make_article())
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=5, seconds=1)
    )
    assert client.get(link).status_code == 403
    refused = client.post(link, {"body": "too late"})
    assert refused.status_code == 403
    assert "can no longer be changed" in refused.content.decode()
    assert client.post(link + "withdraw/").status_code == 403
    comment.refresh_from_db()
    assert comment.body != "too late" and comment.removed_at is None


def test_a_link_for_another_comment_cannot_be_forged(client):
    comment, link = post_and_get_link(client, make_article())
    other = make_comment(comment.article)
    forged = link.replace(f"/edit/{comment.pk}:", f"/edit/{other.pk}:")
    assert forged != link
    assert client.post(forged, {"body": "hijacked"}).status_code == 400
    assert client.get("/en/comments/edit/nonsense/").status_code == 400
    other.refresh_from_db()
    assert other.body != "hijacked"


def test_an_approved_comment_edited_into_a_banned_word_goes_back_to_the_queue(client):
    Word.objects.create(word="غبي", kind=Word.Kind.BANNED)
    comment, link = post_and_get_link(client, make_article())
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    client.post(link, {"body": "أنت غبي"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == "banned" and comment.matched_word == "غبي"
    last = Decision.objects.filter(comment=comment).latest()
    assert (last.before, last.after) == ("approved", "pending")


def test_an_approved_comment_edited_with_too_many_links_goes_back_to_the_queue(client, settings):
    settings.COMMENTS_MAX_LINKS = 1
    comment, link = post_and_get_link(client, make_article())
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    client.post(link, {"body": "see http://a.example and http://b.example"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and comment.held_reason == "links"


def test_a_clean_edit_of_an_approved_comment_shows_on_the_story_at_once(client):
    article = make_article()
    comment, link = post_and_get_link(client, article)
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    assert comment.body in client.get(article.get_absolute_url()).content.decode()
    client.post(link, {"body": "نص معدّل بعد النشر"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    page = client.get(article.get_absolute_url()).content.decode()
    assert "نص معدّل بعد النشر" in page


def test_an_edit_over_the_limit_is_refused_and_kept(client, settings):
    settings.COMMENTS_MAX_LENGTH = 20
    comment, link = post_and_get_link(client, make_article(), body="قصير")
    page = client.post(link, {"body": "ب" * 25})
    assert page.status_code == 200
    assert "ب" * 25 in page.content.decode()
    comment.refresh_from_db()
    assert comment.body == "قصير"


def test_withdrawing_a_waiting_comment_erases_it_and_logs_it(client):
    comment, link = post_and_get_link(client, make_article())
    assert client.post(link + "withdraw/").status_code == 302
    comment.refresh_from_db()
    assert comment.removed_at is not None
    assert (comment.name, comment.email, comment.body) == ("", "", "")
    assert comment.status == Comment.Status.REJECTED
    assert Decision.objects.filter(comment=comment).latest().reason == "Withdrawn by its author"
    assert client.get(link).status_code == 403


def test_a_held_comment_edited_clean_waits_without_the_old_reason(client):
    Word.objects.create(word="غبي", kind=Word.Kind.SUSPECT)
    comment, link = post_and_get_link(client, make_article(), body="رأي غبي")
    assert comment.held_reason == "suspect"
    client.post(link, {"body": "رأي مختلف"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert (comment.held_reason, comment.matched_word) == ("", "")
