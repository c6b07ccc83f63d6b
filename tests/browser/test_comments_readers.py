"""The readers' side in real Chromium: confirm from the email, hear of a reply and unsubscribe
with one click; like and sort by most liked after a reload; edit within the window only;
see, download and delete one's comments."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from comments.confirmation import is_confirmed
from comments.models import Comment
from comments.moderation import policy
from tests.factories import confirm_email, make_article, make_comment, make_user

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1366, "height": 900}
EMAIL = "layla@example.org"


@pytest.fixture
def wide(browser, live_server):
    """A desktop browser reading in English."""
    context = browser.new_context(viewport=WIDE, locale="en", base_url=live_server.url)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def send_comment(page, body: str, *, replies: bool = False, name: str = "ليلى حداد"):
    page.fill("#id_name", name)
    page.fill("#id_email", EMAIL if name == "ليلى حداد" else "omar@example.org")
    page.fill("#id_body", body)
    if replies:
        page.check("#id_notify_replies")
    page.locator("#comment-form button[type=submit]").click()
    expect(page.locator(".comments-message")).to_be_visible()


def test_reader_confirms_hears_of_a_reply_and_unsubscribes_in_one_click(
    page, wide, live_server, artifacts_dir, settings
):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    moderator = make_user("Moderators")

    page.goto(article.get_absolute_url())
    page.fill("#id_body", "تعليق أول")
    expect(page.locator("#id_body_count")).to_have_text("9 / 2000")  # the live count
    send_comment(page, "أتابع هذا الملف منذ سنوات، شكراً على التغطية.", replies=True)
    page.screenshot(path=artifacts_dir / "1-sent-ar-390.png", full_page=True)
    comment = Comment.objects.get()
    assert comment.notify_replies and comment.status == Comment.Status.PENDING

    # The confirmation email: open the link, press the one button.
    (confirmation,) = [m for m in mail.outbox if m.to == [EMAIL]]
    link = re.search(r"https?://\S+/comments/confirm/\S+/", confirmation.body).group(0)
    page.goto(link)
    page.screenshot(path=artifacts_dir / "2-confirm-ar-390.png", full_page=True)
    assert not is_confirmed(EMAIL)
    page.locator("#main form button[type=submit]").click()
    expect(page.locator("#main h1")).not_to_have_text(re.compile("^$"))
    page.screenshot(path=artifacts_dir / "3-confirmed-ar-390.png", full_page=True)
    assert is_confirmed(EMAIL)

    # Published; another reader replies from the English site; a moderator approves it.
    policy.decide(comment, Comment.Status.APPROVED, user=moderator)
    wide.goto(article.url_in("en"))
    wide.locator(f"#comment-{comment.pk} .comment-actions a", has_text="Reply").click()
    wide.fill("#id_name", "Omar")
    wide.fill("#id_email", "omar@example.org")
    wide.fill("#id_body", "I read it differently, but thank you.")
    wide.screenshot(path=artifacts_dir / "4-reply-en-1366.png", full_page=True)
    wide.locator("#comment-form button[type=submit]").click()
    expect(wide.locator(".comments-message")).to_be_visible()
    reply = Comment.objects.get(parent=comment)
    mail.outbox.clear()
    policy.decide(reply, Comment.Status.APPROVED, user=moderator)

    # The notice, with its List-Unsubscribe header; one click stops it.
    (notice,) = [m for m in mail.outbox if m.to == [EMAIL]]
    assert "I read it differently" in notice.body
    unsubscribe = notice.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in notice.body
    page.goto(unsubscribe)
    expect(page.locator("#main h1")).to_be_visible()
    page.screenshot(path=artifacts_dir / "5-unsubscribed-ar-390.png", full_page=True)
    comment.refresh_from_db()
    assert comment.notify_replies is False


def test_reader_likes_a_comment_and_sorts_by_most_liked_after_a_reload(page, wide, artifacts_dir):
    article = make_article()
    now = timezone.now()
    oldest = make_comment(article, body="الأقدم بين التعليقات", created_at=now - timedelta(hours=3))
    liked = make_comment(
        article, body="التعليق الذي أعجب القارئ", created_at=now - timedelta(hours=2)
    )
    newest = make_comment(article, body="أحدث تعليق", created_at=now - timedelta(hours=1))
    items = page.locator("#comments .comment-list > li.comment")

    page.goto(article.get_absolute_url())
    expect(page.locator("#comments")).to_have_attribute("data-likes-loaded", "true")
    expect(items).to_have_count(3)
    assert [items.nth(i).get_attribute("id") for i in range(3)] == [
        f"comment-{c.pk}" for c in (oldest, liked, newest)
    ]
    button = page.locator(f"#comment-{liked.pk} > .comment-actions > .comment-like")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button.locator(".comment-like-count")).to_have_text("1")
    # The same browser again, straight at the server: still one.
    csrf = page.evaluate("() => fetch(document.getElementById('comments').dataset.likesUrl)"
                         ".then(r => r.json()).then(d => d.csrf)")  # fmt: skip
    for _ in range(3):
        again = page.request.post(f"/ar/comments/{liked.pk}/like/", headers={"X-CSRFToken": csrf})
        assert again.json()["count"] == 1
    page.select_option("#comment-sort", "liked")
    expect(items.first).to_have_id(f"comment-{liked.pk}")

    # After a reload (served from the page cache) the choice and the count are remembered.
    reloaded = page.reload()
    assert reloaded.headers.get("x-page-cache") == "hit"
    expect(page.locator("#comments")).to_have_attribute("data-likes-loaded", "true")
    expect(page.locator("#comment-sort")).to_have_value("liked")
    expect(items.first).to_have_id(f"comment-{liked.pk}")
    expect(button.locator(".comment-like-count")).to_have_text("1")
    expect(button).to_have_attribute("aria-pressed", "true")
    page.locator("#comments").scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "1-most-liked-ar-390.png", full_page=True)
    page.select_option("#comment-sort", "newest")
    expect(items.first).to_have_id(f"comment-{newest.pk}")
    assert Comment.objects.get(pk=liked.pk).like_count == 1

    # Another reader, in English on a desktop, sees the count too.
    wide.goto(article.url_in("en"))
    expect(wide.locator(f"#comment-{liked.pk} .comment-like-count")).to_have_text("1")
    wide.locator("#comments").scroll_into_view_if_needed()
    wide.screenshot(path=artifacts_dir / "2-likes-en-1366.png", full_page=True)


def test_reader_edits_within_the_window_and_cannot_after_it(page, wide, artifacts_dir, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    settings.COMMENTS_EDIT_MINUTES = 5
    article = make_article()
    page.goto(article.get_absolute_url())
    send_comment(page, "نص فيه خطأ املائي")
    edit_link = page.locator(".comments-message a.comment-edit-link")
    expect(edit_link).to_be_visible()
    page.screenshot(path=artifacts_dir / "1-thank-you-ar-390.png", full_page=True)
    edit_link.click()
    expect(page.locator("#id_body")).to_have_value("نص فيه خطأ املائي")
    page.fill("#id_body", "نص بلا خطأ إملائي")
    page.screenshot(path=artifacts_dir / "2-edit-ar-390.png", full_page=True)
    page.locator("#comment-edit-form button[type=submit]").click()
    expect(page.locator(".comments-message")).to_be_visible()
    comment = Comment.objects.get()
    assert comment.body == "نص بلا خطأ إملائي" and comment.edited_at is not None

    # Published: the browser still holds the link, and the comment offers "Edit".
    policy.decide(comment, Comment.Status.APPROVED, user=make_user("Moderators"))
    page.goto(article.get_absolute_url())
    held = page.locator(f"#comment-{comment.pk} > .comment-actions > .comment-edit")
    expect(held).to_be_visible()
    page.locator("#comments").scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "3-edit-held-ar-390.png", full_page=True)
    held.click()
    expect(page.locator("#id_body")).to_have_value("نص بلا خطأ إملائي")
    edit_url = page.url

    # The window closes: the same link refuses, and nothing changes.
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    page.goto(edit_url)
    expect(page.locator("#id_body")).to_have_count(0)
    page.screenshot(path=artifacts_dir / "4-window-over-ar-390.png", full_page=True)
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    late = page.request.post(edit_url, form={"body": "late", "csrfmiddlewaretoken": csrf})
    assert late.status == 403 and "reader-notice" in late.text()  # the window's answer, not CSRF
    assert Comment.objects.get().body == "نص بلا خطأ إملائي"
    wide.goto(edit_url.replace("/ar/", "/en/"))
    expect(wide.locator("#main h1")).to_have_text("This comment can no longer be changed")
    wide.screenshot(path=artifacts_dir / "5-window-over-en-1366.png", full_page=True)


def test_reader_sees_downloads_and_deletes_their_comments(page, wide, artifacts_dir):
    article = make_article()
    mine = make_comment(article, email=EMAIL, name="ليلى حداد", body="تعليقي الذي سأحذفه")
    reply = make_comment(article, parent=mine, body="رد من قارئ آخر")
    make_comment(article, email=EMAIL, name="ليلى حداد", status="pending", body="تعليق ينتظر")

    page.goto(article.get_absolute_url())
    page.locator(".comments-mine a").click()
    page.fill("#id_email", EMAIL)
    page.locator("#main form button[type=submit]").click()
    expect(page.locator(".comments-message")).to_be_visible()
    (message,) = mail.outbox
    link = re.search(r"https?://\S+/comments/mine/\S+/", message.body).group(0)

    page.goto(link)
    items = page.locator(".my-comments .comment-list > li")
    expect(items).to_have_count(2)
    expect(page.locator(f"#my-comment-{mine.pk} .comment-status")).to_have_text("منشور")
    page.screenshot(path=artifacts_dir / "1-my-comments-ar-390.png", full_page=True)
    with page.expect_download() as download:
        page.locator(".my-comments-tools a").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert sorted(c["comment"] for c in data["comments"]) == ["تعليق ينتظر", "تعليقي الذي سأحذفه"]

    # Delete asks first: what goes, and that it cannot be undone.
    page.locator(f"#my-comment-{mine.pk} .comment-actions a").click()
    expect(page.locator(".reader-notice")).to_contain_text("تعليقي الذي سأحذفه")
    page.screenshot(path=artifacts_dir / "2-delete-confirm-ar-390.png", full_page=True)
    assert Comment.objects.get(pk=mine.pk).removed_at is None
    page.locator(".reader-notice button[type=submit]").click()
    expect(items).to_have_count(1)
    expect(page.locator(".comments-message")).to_be_visible()
    page.screenshot(path=artifacts_dir / "3-deleted-ar-390.png", full_page=True)

    # The thread still reads: the reply stays, under a line saying its author removed it.
    page.goto(article.get_absolute_url())
    expect(page.locator(f"#comment-{mine.pk} .comment-withheld")).to_have_text("تعليق حذفه كاتبه.")
    expect(page.locator(f"#comment-{reply.pk}")).to_contain_text("رد من قارئ آخر")
    page.locator("#comments").scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "4-thread-ar-390.png", full_page=True)
    wide.goto(link.replace("/ar/", "/en/", 1))
    expect(wide.locator(".comment-status")).to_have_text("Awaiting moderation")
    wide.screenshot(path=artifacts_dir / "5-my-comments-en-1366.png", full_page=True)
    wide.locator(".my-comments a", has_text="Delete all my comments").click()
    expect(wide.locator(".reader-notice h1")).to_have_text("Delete all your comments?")
    wide.screenshot(path=artifacts_dir / "6-delete-all-confirm-en-1366.png", full_page=True)


def test_moderator_sees_unconfirmed_commenters_marked_in_the_arabic_queue(
    browser, live_server, artifacts_dir
):
    article = make_article()
    make_comment(article, status="pending", name="قارئ جديد", email="new@example.org")
    make_comment(article, status="pending", name="قارئة معروفة", email="known@example.org")
    confirm_email("known@example.org")
    moderator = make_user("Moderators")
    moderator.set_password("mod-Pw-9!long")
    moderator.save()
    context = browser.new_context(viewport=WIDE, locale="ar", base_url=live_server.url)
    context.set_default_timeout(15_000)
    admin = context.new_page()
    admin.goto("/ar/admin/login/?next=/ar/admin/comments/comment/")
    admin.fill("input[name=username]", moderator.username)
    admin.fill("input[name=password]", "mod-Pw-9!long")
    admin.locator("input[type=submit]").click()
    new = admin.locator("#result_list tbody tr", has_text="قارئ جديد")
    known = admin.locator("#result_list tbody tr", has_text="قارئة معروفة")
    expect(new.locator(".comment-unconfirmed")).to_have_text("غير مؤكَّد")
    expect(known.locator(".comment-unconfirmed")).to_have_count(0)
    admin.screenshot(path=artifacts_dir / "1-queue-ar-1366.png", full_page=True)
    context.close()
