"""The queue's tools: the commenter's history on each row, "reject all" (asked, then done),
the keyboard's quiet answers, the editor's-pick toggle, and the moderators' figures."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from comments import history
from comments.models import Comment, Decision
from comments.moderation import policy
from tests.factories import confirm_email, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/en/admin/comments/comment/"
KEYS = {"HTTP_X_QUEUE_KEYS": "1"}


@pytest.fixture
def moderator(client):
    user = make_user("Moderators")
    client.force_login(user)
    return user


def test_history_counts_each_status_and_the_first_comment(moderator):
    article = make_article()
    first = timezone.now() - timedelta(days=40)
    make_comment(article, email="Sam@Example.org", created_at=first)
    make_comment(article, email="sam@example.org", status="rejected")
    make_comment(article, email="sam@example.org", status="spam")
    make_comment(article, email="sam@example.org", status="pending")
    make_comment(article, email="other@example.org")
    past = history.of("SAM@example.org")
    assert (past.approved, past.rejected, past.spam, past.pending) == (1, 1, 1, 1)
    assert past.first_seen == first
    assert past.rejectable == 2
    assert not past.confirmed and not past.banned


def test_the_history_says_whether_the_address_is_confirmed():
    article = make_article()
    make_comment(article, email="new@example.org")
    make_comment(article, email="known@example.org")
    confirm_email("Known@Example.org")
    found = history.for_emails(["new@example.org", "known@example.org"])
    assert not found["new@example.org"].confirmed
    assert found["known@example.org"].confirmed


def test_the_queue_shows_the_history_beside_each_comment(client, moderator):
    article = make_article()
    make_comment(article, email="sam@example.org", status="rejected")
    make_comment(article, email="sam@example.org", status="pending", body="waiting one")
    html = client.get(QUEUE).content.decode()
    cell = html.split('class="commenter-history"', 1)[1].split("</div>", 1)[0]
    assert "1 rejected" in cell and "1 waiting" in cell and "0 approved" in cell
    assert "first seen" in cell and "unconfirmed" in cell
    assert "Reject all (1)" in cell
    # One click only opens the confirmation page: nothing in the row posts the rejection.
    assert re.search(r'<a class="button history-reject-all" href="[^"]*/reject-all/"', cell)
    assert 'name="confirm"' not in cell
    assert "/admin/comments/ban/add/?target=sam%40example.org" in cell


def test_reject_all_acts_on_the_confirmed_post_and_is_logged(client, moderator):
    article = make_article()
    target = make_comment(article, email="sam@example.org", status="pending")
    make_comment(article, email="sam@example.org")  # approved: also taken down
    make_comment(article, email="sam@example.org", status="spam")  # stays spam
    keep = make_comment(article, email="other@example.org", status="pending")
    response = client.post(
        f"{QUEUE}{target.pk}/reject-all/",
        {"confirm": "1"},
        HTTP_REFERER="http://testserver" + QUEUE,
    )
    assert response.status_code == 302
    statuses = sorted(Comment.objects.by_email("sam@example.org").values_list("status", flat=True))
    assert statuses == ["rejected", "rejected", "spam"]
    keep.refresh_from_db()
    assert keep.status == Comment.Status.PENDING
    assert Decision.objects.filter(moderator=moderator, after="rejected").count() == 2


def test_reject_all_asks_first_on_get(client, moderator):
    target = make_comment(make_article(), email="sam@example.org", status="pending")
    page = client.get(f"{QUEUE}{target.pk}/reject-all/").content.decode()
    assert "Reject 1 comment by sam@example.org?" in page
    target.refresh_from_db()
    assert target.status == Comment.Status.PENDING


def test_the_keyboard_gets_an_empty_answer_and_no_pile_of_messages(client, moderator):
    comment = make_comment(make_article(), status="pending")
    response = client.post(f"{QUEUE}{comment.pk}/moderate/approve/", {"confirm": "1"}, **KEYS)
    assert response.status_code == 204
    assert list(get_messages(response.wsgi_request)) == []
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED


def test_pick_toggles_on_post_only(client, moderator):
    comment = make_comment(make_article())
    assert client.get(f"{QUEUE}{comment.pk}/pick/").status_code == 403
    assert client.post(f"{QUEUE}{comment.pk}/pick/", **KEYS).status_code == 204
    comment.refresh_from_db()
    assert comment.is_pick
    client.post(f"{QUEUE}{comment.pk}/pick/", **KEYS)
    comment.refresh_from_db()
    assert not comment.is_pick


def test_the_tools_refuse_anyone_who_may_not_moderate(client):
    comment = make_comment(make_article(), status="pending")
    client.force_login(make_user("Editors"))
    for url in (f"{QUEUE}{comment.pk}/pick/", f"{QUEUE}{comment.pk}/reject-all/"):
        assert client.post(url, {"confirm": "1"}, **KEYS).status_code == 403
    assert (
        client.post(f"{QUEUE}{comment.pk}/moderate/reject/", {"confirm": "1"}, **KEYS).status_code
        == 403
    )
    comment.refresh_from_db()
    assert (comment.status, comment.is_pick) == (Comment.Status.PENDING, False)


def test_shortcuts_and_help_are_on_the_queue_for_moderators_only(client, moderator):
    make_comment(make_article(), status="pending")
    html = client.get(QUEUE).content.decode()
    assert 'id="queue-keys-help"' in html and "js/admin/queue-keys.js" in html
    assert 'class="queue-decide"' in html


def test_moderator_figures_follow_each_decision(
    client, moderator, django_capture_on_commit_callbacks
):
    article = make_article()
    old = make_comment(article, status="pending", created_at=timezone.now() - timedelta(minutes=90))
    new = make_comment(article, status="pending")
    html = client.get(QUEUE).content.decode()
    assert "No decisions by moderators in the last 30 days." in html
    with django_capture_on_commit_callbacks(execute=True):
        policy.decide(old, Comment.Status.APPROVED, user=moderator)
        policy.decide(new, Comment.Status.SPAM, user=moderator)
    # No waiting for the five-minute cache: a decision counts again.
    html = client.get(QUEUE).content.decode()
    table = html.split('id="moderators-table"', 1)[1].split("</details>", 1)[0]
    row = table.split(moderator.username, 1)[1].split("</tr>", 1)[0]
    assert [cell.split("<", 1)[0] for cell in row.split("<td>")[1:]][:3] == ["1", "0", "1"]
    assert "45 minutes" in row  # the median of 90 and 0 minutes
    days = html.split('id="days-table"', 1)[1].split("</details>", 1)[0]
    assert "45 minutes" in days
