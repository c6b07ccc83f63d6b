"""Readers' reports cannot be used to silence a comment: each reader counts once (browser
and address), an address may report only so many, a moderator's approval stands against
the same reporters, and approved replies stay on the page."""

import pytest
from django.test import Client, override_settings

from comments.models import Comment, Report
from comments.moderation import policy
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db


def report(comment, ip, client=None):
    """A reader opens the report page, then confirms: what a browser does."""
    client = client or Client()
    url = f"/en/comments/{comment.pk}/report/"
    client.get(url, REMOTE_ADDR=ip)
    return client.post(url, REMOTE_ADDR=ip)


@override_settings(COMMENTS_REPORT_THRESHOLD=3)
def test_the_same_reporters_cannot_hide_a_comment_again_after_a_moderator_approves_it():
    comment = make_comment(make_article(), body="رأي لا يعجب بعضهم")
    readers = [(Client(), f"198.51.100.{n}") for n in range(1, 4)]
    for client, ip in readers:
        report(comment, ip, client)
    comment.refresh_from_db()
    assert comment.status == "pending"
    policy.decide(comment, "approved", user=make_user("Moderators"))
    for client, ip in readers:
        report(comment, ip, client)
    comment.refresh_from_db()
    assert comment.status == "approved"
    assert Report.objects.filter(comment=comment).count() == 3  # the record is kept


@override_settings(COMMENTS_REPORT_THRESHOLD=2)
def test_one_browser_counts_once_whatever_its_address():
    comment = make_comment(make_article())
    browser = Client()
    for n in range(1, 6):
        report(comment, f"203.0.113.{n}", browser)
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert comment.status == "approved"


def test_a_report_without_the_confirmation_page_is_not_counted():
    comment = make_comment(make_article())
    response = Client().post(f"/en/comments/{comment.pk}/report/", REMOTE_ADDR="192.0.2.9")
    assert response.status_code == 302  # the same answer, so a script learns nothing
    comment.refresh_from_db()
    assert comment.report_count == 0


@override_settings(COMMENTS_REPORT_THRESHOLD=100, COMMENTS_REPORTS_PER_ADDRESS=3)
def test_one_address_can_report_only_a_few_comments_in_a_while():
    article = make_article()
    comments = [make_comment(article) for _ in range(5)]
    for comment in comments:
        report(comment, "192.0.2.77")  # a new browser each time, the same address
    counted = [Comment.objects.get(pk=c.pk).report_count for c in comments]
    assert counted == [1, 1, 1, 0, 0]


@override_settings(COMMENTS_REPORT_THRESHOLD=1)
def test_approved_replies_of_a_reported_comment_stay_on_the_page(client):
    article = make_article()
    parent = make_comment(article, body="تعليق أصلي مثير للجدل")
    make_comment(article, parent=parent, body="ردّ هادئ ومفيد")
    report(parent, "192.0.2.50")
    parent.refresh_from_db()
    assert parent.status == "pending"
    page = client.get(article.get_absolute_url()).content.decode()
    assert "ردّ هادئ ومفيد" in page
    assert "تعليق أصلي مثير للجدل" not in page
