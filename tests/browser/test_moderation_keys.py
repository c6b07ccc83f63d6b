"""Moderators in real Chromium: the queue cleared from the keyboard alone in the Arabic
admin, and a ban that refuses the banned reader's next comment."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment, Decision
from tests.browser.test_desk_screens import PHONE, WIDE, open_desk, shoot
from tests.factories import make_article, make_comment, make_user

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = "/ar/admin/comments/comment/"


def arabic_key(page, key: str, code: str) -> None:
    page.evaluate(
        "([key, code]) => document.activeElement.dispatchEvent("
        "new KeyboardEvent('keydown', {key, code, bubbles: true, cancelable: true}))",
        [key, code],
    )


def focused_row(page):
    return page.locator("#result_list tbody tr.queue-focus")


def test_moderator_clears_five_comments_with_the_keyboard_in_the_arabic_admin(
    browser, live_server, artifacts_dir
):
    article = make_article()
    bodies = [f"تعليق رقم {n} ينتظر المراجعة" for n in range(1, 6)]
    comments = [
        make_comment(article, body=body, status=Comment.Status.PENDING, email=f"r{n}@example.org")
        for n, body in enumerate(bodies, 1)
    ]
    moderator = make_user("Moderators")
    page = open_desk(browser, live_server, moderator)
    page.goto(QUEUE)
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # The first comment is selected and visibly ringed; "?" opens the help, "?" closes it.
    expect(focused_row(page)).to_contain_text(bodies[0])
    outline = focused_row(page).evaluate("row => getComputedStyle(row).outlineStyle")
    assert outline == "solid"
    page.keyboard.press("?")
    expect(page.locator("#queue-keys-help")).to_be_visible()
    expect(page.locator("#queue-keys-help")).to_contain_text("اختصارات لوحة المفاتيح")
    page.screenshot(path=artifacts_dir / "1-help-1366.png")
    page.keyboard.press("?")
    expect(page.locator("#queue-keys-help")).to_be_hidden()

    # j and k move; p marks an editor's pick without leaving the comment.
    page.keyboard.press("j")
    expect(focused_row(page)).to_contain_text(bodies[1])
    page.keyboard.press("k")
    expect(focused_row(page)).to_contain_text(bodies[0])
    page.screenshot(path=artifacts_dir / "2-queue-1366.png", full_page=True)
    page.keyboard.press("p")
    expect(page.locator("#queue-keys-status")).to_have_text("تم تمييزه كاختيار المحرر.")

    # a, r, s, then an Arabic layout's ش (the a key) and ق (the r key): each decides the
    # selected comment, and the next one is selected at once.
    page.keyboard.press("a")
    expect(focused_row(page)).to_contain_text(bodies[1])
    page.keyboard.press("r")
    expect(focused_row(page)).to_contain_text(bodies[2])
    page.keyboard.press("s")
    expect(focused_row(page)).to_contain_text(bodies[3])
    page.set_viewport_size(PHONE)
    page.screenshot(path=artifacts_dir / "3-queue-390.png", full_page=True)
    page.set_viewport_size(WIDE)
    # With an Arabic layout the a key types ش and the r key ق (Playwright's keyboard is a
    # US one, so the event an Arabic keyboard sends is dispatched as it arrives).
    arabic_key(page, "ش", "KeyA")
    expect(focused_row(page)).to_contain_text(bodies[4])
    arabic_key(page, "ق", "KeyR")
    expect(focused_row(page)).to_have_count(0)
    expect(page.locator("#queue-keys-status")).to_contain_text("لا مزيد من التعليقات")
    page.screenshot(path=artifacts_dir / "4-cleared-1366.png", full_page=True)

    expected = [
        Comment.Status.APPROVED,
        Comment.Status.REJECTED,
        Comment.Status.SPAM,
        Comment.Status.APPROVED,
        Comment.Status.REJECTED,
    ]

    def decided():
        return [c.status for c in Comment.objects.filter(pk__in=[c.pk for c in comments])]

    # The last request may still be on its way when the page says so: wait for it.
    page.wait_for_function(
        "() => performance.getEntriesByType('resource')"
        ".filter(e => e.name.includes('/moderate/')).length >= 5"
    )
    assert decided() == expected
    assert Comment.objects.get(pk=comments[0].pk).is_pick
    log = Decision.objects.filter(comment__in=comments, moderator=moderator)
    assert log.count() == 5

    # Reloaded, the queue is empty.
    page.goto(QUEUE)
    expect(page.locator("#result_list")).to_have_count(0)
    page.context.close()


def test_a_ban_refuses_the_next_comment(browser, live_server, page, artifacts_dir, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    make_comment(article, email="troll@spam.example", body="تعليق مسيء", status="pending")
    moderator = make_user("Moderators")
    desk = open_desk(browser, live_server, moderator)
    desk.goto(QUEUE)
    row = desk.locator("#result_list tbody tr", has_text="تعليق مسيء")
    expect(row.locator(".commenter-history")).to_contain_text("غير مؤكَّد")
    row.locator(".history-ban").click()
    expect(desk.locator("#id_target")).to_have_value("troll@spam.example")
    desk.locator("label", has_text="7 أيام").click()
    desk.fill("#id_reason", "شتائم متكررة")
    desk.screenshot(path=artifacts_dir / "1-ban-form-1366.png", full_page=True)
    desk.locator("input[name=_save]").click()
    expect(desk.locator("#result_list")).to_contain_text("troll@spam.example")
    desk.screenshot(path=artifacts_dir / "2-bans-1366.png", full_page=True)
    desk.context.close()

    # The banned reader writes again: refused with a neutral message, the text kept.
    page.goto(article.get_absolute_url())
    page.fill("#id_name", "زائر")
    page.fill("#id_email", "Troll@Spam.example")
    page.fill("#id_body", "تعليق جديد بعد الحظر")
    page.locator("#comment-form button[type=submit]").click()
    expect(page.locator("#comment-form")).to_contain_text("لا يمكننا قبول تعليقات من هذا العنوان")
    expect(page.locator("#id_body")).to_have_value("تعليق جديد بعد الحظر")
    page.screenshot(path=artifacts_dir / "3-refused-390.png", full_page=True)
    assert not Comment.objects.filter(body="تعليق جديد بعد الحظر").exists()
    assert Decision.objects.filter(ban__target="troll@spam.example", after="banned").exists()
    # Neutral: the reader is not told about a ban (nothing to work around).
    assert re.search("حظر|محظور", page.locator("#comment-form").inner_text()) is None


def test_moderators_screens_in_arabic_and_english(browser, live_server, artifacts_dir):
    from comments import bans
    from comments.moderation import policy

    article = make_article(comment_mode="post")
    moderator = make_user("Moderators")
    for n in range(4):
        comment = make_comment(article, status="pending", email=f"sam{n % 2}@example.org")
        if n < 2:
            policy.decide(
                comment, (Comment.Status.APPROVED, Comment.Status.SPAM)[n], user=moderator
            )
    make_comment(article, needs_review=True, held_reason="post", body="نُشر فورًا")
    bans.put_on("spam.example", "7d", "bots", user=moderator)
    page = open_desk(browser, live_server, moderator)
    for language in ("ar", "en"):
        page.goto(f"/{language}/admin/comments/comment/")
        page.locator("#moderators-table summary").click()
        page.locator("#days-table summary").click()
        expect(page.locator("#moderators-table")).to_contain_text(moderator.username)
        expect(page.locator(".comments-review-count")).to_be_visible()
        assert (
            page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            == 0
        )
        shoot(page, artifacts_dir, f"queue-{language}")
        page.set_viewport_size(PHONE)
        # On a phone the figures scroll inside their box; the page does not widen.
        stats_box = page.locator(".moderator-stats").bounding_box()
        assert stats_box["x"] >= 0 and stats_box["x"] + stats_box["width"] <= PHONE["width"]
        page.set_viewport_size(WIDE)
        page.keyboard.press("?")
        page.set_viewport_size(PHONE)
        box = page.locator("#queue-keys-help").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        page.screenshot(path=artifacts_dir / f"help-{language}-390.png")
        page.set_viewport_size(WIDE)
        page.keyboard.press("Escape")
        page.goto(f"/{language}/admin/comments/ban/")
        expect(page.locator("#result_list")).to_contain_text("spam.example")
        shoot(page, artifacts_dir, f"bans-{language}")
    page.context.close()


def test_post_moderation_shows_the_comment_at_once_then_a_moderator_reviews_it(
    browser, live_server, page, artifacts_dir, settings
):
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article(comment_mode="post")
    page.goto(article.get_absolute_url())
    expect(page.locator(".comment-consent")).to_contain_text("تظهر التعليقات على هذه القصة فورًا")
    page.fill("#id_name", "ريم")
    page.fill("#id_email", "reem@example.org")
    page.fill("#id_body", "تعليق يظهر فورًا ثم يراجعه مشرف")
    page.locator("#comment-form button[type=submit]").click()
    expect(page.locator(".comments-message")).to_contain_text("نُشر تعليقك")
    expect(page.locator(".comment-list")).to_contain_text("تعليق يظهر فورًا ثم يراجعه مشرف")
    page.screenshot(path=artifacts_dir / "1-published-390.png", full_page=True)

    desk = open_desk(browser, live_server, make_user("Moderators"))
    desk.goto(QUEUE + "?status__exact=review")
    expect(focused_row(desk)).to_contain_text("تعليق يظهر فورًا")
    desk.screenshot(path=artifacts_dir / "2-to-review-1366.png", full_page=True)
    desk.keyboard.press("a")
    expect(focused_row(desk)).to_have_count(0)
    desk.wait_for_function(
        "() => performance.getEntriesByType('resource')"
        ".some(e => e.name.includes('/moderate/approve/'))"
    )
    comment = Comment.objects.get()
    assert (comment.status, comment.needs_review) == (Comment.Status.APPROVED, False)
    desk.context.close()
