"""Moderators work the queue in the admin; permissions decide who may do what."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from comments.models import Comment, Decision, Disclaimer, Word
from comments.moderation import policy
from comments.signals import comment_decided
from tests.factories import comment_post_data, make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db

QUEUE = "/en/admin/comments/comment/"


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def moderate_url(comment, word):
    return f"{QUEUE}{comment.pk}/moderate/{word}/"


@pytest.fixture
def moderator(client):
    user = make_user("Moderators")
    client.force_login(user)
    return user


@pytest.fixture
def decided():
    received = []

    def receiver(sender, comment, article, **kwargs):
        received.append((comment.pk, article.pk, comment.status))

    comment_decided.connect(receiver)
    yield received
    comment_decided.disconnect(receiver)


# The queue ----------------------------------------------------------------------------


def test_queue_lists_pending_and_reported_first_oldest_first(client, moderator):
    article = make_article(headline="Port blast inquiry")
    now = timezone.now()
    make_comment(article, body="approved long ago", created_at=now - timedelta(days=3))
    make_comment(article, body="newer pending", status="pending", created_at=now)
    make_comment(
        article,
        body="reported back",
        status="pending",
        held_reason="reports",
        report_count=3,
        created_at=now - timedelta(hours=5),
    )
    make_comment(
        article, body="older pending", status="pending", created_at=now - timedelta(days=1)
    )
    html = client.get(QUEUE).content.decode()
    order = [html.index(t) for t in ("older pending", "reported back", "newer pending")]
    assert order == sorted(order)
    # The queue opens on what awaits a decision; everything else is under "All".
    assert "approved long ago" not in html
    everything = client.get(QUEUE + "?status__exact=all").content.decode()
    assert everything.index("approved long ago") > everything.index("newer pending")
    assert "Port blast inquiry" in html
    assert "Reported by readers (3)" in html
    assert "192.0.2.1" in html
    assert "3 comments are waiting for moderation" in html


def test_queue_filters_render_and_filter(client, moderator):
    section = make_section(name_en="Economy")
    article = make_article(section=section, headline="Budget vote")
    other = make_article(headline="Football final")
    make_comment(article, body="about the budget", status="pending")
    make_comment(other, body="about the match", status="pending")
    for query in (
        "?status__exact=pending",
        f"?article__id__exact={article.pk}",
        f"?article__section__id__exact={section.pk}",
        "?reported=yes",
        "?held_reason__exact=links",
        f"?created_at__year={timezone.now().year}",
    ):
        assert client.get(QUEUE + query).status_code == 200, query
    html = client.get(QUEUE + f"?article__section__id__exact={section.pk}").content.decode()
    assert "about the budget" in html
    assert "about the match" not in html


@pytest.mark.parametrize(
    ("stored_name", "stored_body", "query"),
    [
        ("أحمد", "نص", "احمد"),
        ("Sam", "مدرسةٌ جميلة", "مدرسه"),
        ("Sam", "إلى اللقاء", "الى"),
        ("Sam", "x", "READER-SEARCH@example.org"),
    ],
)
def test_search_is_arabic_normalised_over_name_email_and_text(
    client, moderator, stored_name, stored_body, query
):
    article = make_article()
    make_comment(article, name=stored_name, body=stored_body, email="reader-search@example.org")
    make_comment(article, name="Other", body="unrelated words", email="x@example.org")
    html = client.get(QUEUE, {"q": query}).content.decode()
    assert "unrelated words" not in html
    assert stored_body in html


def test_chart_shows_thirty_days_of_received_and_decisions(client, moderator):
    article = make_article()
    a = make_comment(article, status="pending")
    b = make_comment(article, status="pending")
    policy.decide(a, Comment.Status.APPROVED, user=moderator)
    policy.decide(b, Comment.Status.SPAM, user=moderator)
    html = client.get(QUEUE).content.decode()
    assert "<svg" in html
    assert html.count("<polyline") == 4
    assert "Received: 2" in html
    assert "Approved: 1" in html
    assert "Spam: 1" in html
    assert "Rejected: 0" in html


def test_admin_index_shows_number_waiting(client, moderator):
    article = make_article()
    make_comment(article, status="pending")
    make_comment(article, status="pending")
    make_comment(article)
    html = client.get("/en/admin/").content.decode()
    assert "2 comments are waiting for moderation" in html


def test_admin_index_hides_the_count_from_writers(client):
    client.force_login(make_user("Writers"))
    make_comment(make_article(), status="pending")
    html = client.get("/en/admin/").content.decode()
    assert "waiting for moderation" not in html


# One-click decisions ---------------------------------------------------------------------


def test_one_click_approve_from_the_queue(
    client, moderator, decided, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status="pending")
    html = client.get(QUEUE).content.decode()
    assert f'formaction="{moderate_url(comment, "approve")}"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(moderate_url(comment, "approve"), {"confirm": "1"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    decision = comment.decisions.get()
    assert (decision.moderator, decision.before, decision.after) == (
        moderator,
        "pending",
        "approved",
    )
    assert decided == [(comment.pk, comment.article_id, "approved")]


def test_get_on_a_decision_asks_for_confirmation_and_changes_nothing(client, moderator):
    comment = make_comment(make_article(), status="pending", body="please confirm me")
    response = client.get(moderate_url(comment, "reject"))
    assert response.status_code == 200
    assert "please confirm me" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    client.post(moderate_url(comment, "reject"), {"confirm": "1", "reason": "off topic"})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert comment.decisions.get().reason == "off topic"


def test_unknown_decision_is_refused(client, moderator):
    comment = make_comment(make_article(), status="pending")
    assert client.post(moderate_url(comment, "delete"), {"confirm": "1"}).status_code == 403


def test_bulk_actions(client, moderator):
    article = make_article()
    a, b, c = (make_comment(article, status="pending") for _ in range(3))
    client.post(QUEUE, {"action": "approve", "_selected_action": [a.pk, b.pk]})
    client.post(QUEUE, {"action": "mark_spam", "_selected_action": [c.pk]})
    assert set(Comment.objects.values_list("status", flat=True)) == {"approved", "spam"}
    assert Decision.objects.filter(moderator=moderator).count() == 3


def test_reject_all_by_this_commenter(client, moderator):
    article = make_article()
    bad = make_comment(article, email="troll@example.org", status="pending")
    make_comment(make_article(), email="TROLL@example.org")
    make_comment(article, email="troll@example.org", status="pending")
    kept = make_comment(article, email="kind@example.org", status="pending")
    client.post(QUEUE, {"action": "reject_all_by_commenter", "_selected_action": [bad.pk]})
    assert Comment.objects.filter(status="rejected").count() == 3
    kept.refresh_from_db()
    assert kept.status == "pending"


def test_editors_pick_action(client, moderator, decided, django_capture_on_commit_callbacks):
    comment = make_comment(make_article())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            QUEUE + "?status__exact=all", {"action": "pick", "_selected_action": [comment.pk]}
        )
    comment.refresh_from_db()
    assert comment.is_pick
    assert decided == [(comment.pk, comment.article_id, "approved")]  # the page cache hears


def test_change_page_shows_the_whole_history_and_logs_a_status_change(client, moderator):
    comment = make_comment(make_article(), status="pending")
    policy.decide(comment, Comment.Status.APPROVED, user=moderator, reason="fine")
    url = f"{QUEUE}{comment.pk}/change/"
    inline = {"decisions-TOTAL_FORMS": "1", "decisions-INITIAL_FORMS": "1"}
    response = client.post(url, {"status": "rejected", "reason": "changed my mind", **inline})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "rejected"
    html = client.get(url).content.decode()
    assert "fine" in html
    assert "changed my mind" in html
    assert list(comment.decisions.values_list("after", flat=True)) == ["approved", "rejected"]


def test_decisions_are_append_only():
    comment = make_comment(make_article(), status="pending")
    policy.decide(comment, Comment.Status.APPROVED)
    decision = Decision.objects.get()
    decision.reason = "rewritten"
    with pytest.raises(ValueError, match="append-only"):
        decision.save()


# Roles ------------------------------------------------------------------------------


def test_writers_cannot_see_or_moderate_comments(client):
    client.force_login(make_user("Writers"))
    comment = make_comment(make_article(), status="pending")
    assert client.get(QUEUE).status_code == 403
    assert client.post(moderate_url(comment, "approve"), {"confirm": "1"}).status_code == 403
    assert client.get("/en/admin/comments/word/").status_code == 403
    comment.refresh_from_db()
    assert comment.status == "pending"


def test_editors_cannot_see_or_moderate_comments_in_the_admin(client):
    """Commenters' emails and addresses are for moderators; editors read comments on the site."""
    editor = make_user("Editors")
    client.force_login(editor)
    comment = make_comment(make_article(), status="pending", body="an editor reads this")
    assert client.get(QUEUE).status_code == 403
    assert client.get(f"{QUEUE}{comment.pk}/change/").status_code == 403
    assert client.get(moderate_url(comment, "approve")).status_code == 403
    assert client.post(moderate_url(comment, "approve"), {"confirm": "1"}).status_code == 403
    client.post(QUEUE, {"action": "approve", "_selected_action": [comment.pk]})
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert not editor.has_perm("comments.moderate_comment")


def test_editors_edit_the_disclaimer(client):
    client.force_login(make_user("Editors"))
    response = client.get("/en/admin/comments/disclaimer/")
    assert response.status_code == 302
    response = client.post(
        "/en/admin/comments/disclaimer/1/change/",
        {"text_ar": "نص جديد للتنبيه", "text_en": "New disclaimer text"},
    )
    assert response.status_code == 302
    assert Disclaimer.current("ar") == "نص جديد للتنبيه"


def test_moderators_edit_word_lists_but_not_stories(client, moderator):
    response = client.post(
        "/en/admin/comments/word/add/", {"word": "غبي", "kind": "suspect", "active": "on"}
    )
    assert response.status_code == 302
    assert Word.objects.get().normalised == "غبي"
    assert client.get("/en/admin/articles/article/").status_code == 403
    assert moderator.has_perm("comments.moderate_comment")
    assert not moderator.has_perm("comments.delete_comment")


def test_every_comments_admin_page_renders(client):
    client.force_login(make_user(superuser=True))
    comment = make_comment(make_article(), status="pending")
    word = Word.objects.create(word="كلب", kind="banned")
    Disclaimer.objects.create()
    for url in (
        QUEUE,
        f"{QUEUE}{comment.pk}/change/",
        "/en/admin/comments/word/",
        "/en/admin/comments/word/add/",
        f"/en/admin/comments/word/{word.pk}/change/",
        "/en/admin/comments/disclaimer/1/change/",
        moderate_url(comment, "spam"),
        "/ar/admin/comments/comment/",
    ):
        assert client.get(url).status_code == 200, url


# Reports --------------------------------------------------------------------------


@override_settings(COMMENTS_REPORT_THRESHOLD=2)
def test_reports_count_once_per_reader_and_return_the_comment_to_the_queue(
    client, decided, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), body="a contested comment")
    url = f"/en/comments/{comment.pk}/report/"
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "a contested comment" in confirm.content.decode()
    comment.refresh_from_db()
    assert comment.report_count == 0  # GET only asks
    for _ in range(3):
        response = client.post(url, REMOTE_ADDR="10.0.0.1")
        assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.report_count == 1
    assert comment.status == "approved"
    with django_capture_on_commit_callbacks(execute=True):
        second_reader = Client()
        second_reader.get(url, REMOTE_ADDR="10.0.0.2")
        second_reader.post(url, REMOTE_ADDR="10.0.0.2")
    comment.refresh_from_db()
    assert comment.status == "pending"
    assert decided == [(comment.pk, comment.article_id, "pending")]  # the page cache hears
    assert comment.held_because == "Reported by readers (2)"
    assert comment.decisions.get().after == "pending"
    page = client.get(comment.article.url_in("en")).content.decode()
    assert "a contested comment" not in page
    # Once hidden, it cannot be reported further.
    assert client.post(url, REMOTE_ADDR="10.0.0.3").status_code == 404


def test_report_message_is_shown_after_redirect(client):
    comment = make_comment(make_article())
    response = client.post(f"/en/comments/{comment.pk}/report/", follow=True)
    assert "A moderator will review this comment." in response.content.decode()


# Mail -------------------------------------------------------------------------------


def _post_comment(client, article, **extra):
    data = comment_post_data(
        name="Layla", email="layla@example.org", body="A thoughtful comment.", **extra
    )
    return client.post(f"/en/comments/story/{article.pk}/", data)


def test_new_pending_comment_emails_moderators_after_commit(
    client, django_capture_on_commit_callbacks
):
    mod = make_user("Moderators")
    make_user("Writers")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _post_comment(client, make_article())
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    # The commenter's confirmation link (a first comment from this address), then the desk.
    assert [m.to for m in mail.outbox] == [["layla@example.org"], [mod.email]]
    assert "Layla" in mail.outbox[1].subject
    assert "A thoughtful comment." in mail.outbox[1].body


@override_settings(EMAIL_BACKEND="tests.test_comments_moderation.BrokenBackend")
def test_a_failing_mail_server_never_loses_the_comment(
    client, django_capture_on_commit_callbacks, caplog
):
    make_user("Moderators")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_comment(client, make_article())
    assert response.status_code == 302
    assert Comment.objects.get().body == "A thoughtful comment."
    assert "could not email the moderators" in caplog.text


def test_commenter_is_emailed_the_decision_in_the_storys_language(
    client, moderator, django_capture_on_commit_callbacks
):
    article = make_article(language="en", headline="Election results")
    comment = make_comment(article, status="pending", notify=True, email="asker@example.org")
    silent = make_comment(article, status="pending", notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(moderate_url(comment, "approve"), {"confirm": "1"})
        client.post(moderate_url(silent, "approve"), {"confirm": "1"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["asker@example.org"]
    assert message.subject == "Your comment has been published"
    assert "Election results" in message.body


@override_settings(EMAIL_BACKEND="tests.test_comments_moderation.BrokenBackend")
def test_a_failing_mail_server_does_not_undo_a_decision(
    client, moderator, django_capture_on_commit_callbacks
):
    comment = make_comment(make_article(), status="pending", notify=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(moderate_url(comment, "reject"), {"confirm": "1"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == "rejected"


# IP retention ------------------------------------------------------------------------


@override_settings(COMMENTS_IP_RETENTION_DAYS=30)
def test_purge_erases_old_ip_addresses_and_keeps_a_hash():
    article = make_article()
    old = make_comment(
        article, ip_address="203.0.113.9", created_at=timezone.now() - timedelta(days=31)
    )
    recent = make_comment(article, ip_address="203.0.113.9")
    call_command("purge_comment_ips", stdout=open("/dev/null", "w"))  # noqa: SIM115
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_address is None
    assert len(old.ip_hash) == 64
    assert "203.0.113.9" not in old.ip_hash
    assert recent.ip_address == "203.0.113.9"


def test_commenter_mail_is_written_in_an_arabic_storys_language_from_the_english_admin(
    client, moderator, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from comments import notifications

    languages = []
    real = notifications.render_to_string

    def recording(*args, **kwargs):
        languages.append(translation.get_language())
        return real(*args, **kwargs)

    monkeypatch.setattr(notifications, "render_to_string", recording)
    comment = make_comment(make_article(language="ar"), status="pending", notify=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(moderate_url(comment, "reject"), {"confirm": "1"})
    assert len(mail.outbox) == 1
    assert set(languages) == {"ar"}
