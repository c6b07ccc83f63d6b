"""A reader comments in Arabic; a moderator approves it in the admin; the reader sees it."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Ban, Comment
from tests.browser.conftest import DESKTOP
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "شكراً على هذا التقرير الدقيق عن بيروت، أتمنى متابعة القصة."


def test_reader_comment_is_moderated_then_published(
    page, browser, live_server, artifacts_dir, settings
):
    # The form token's "too fast" check is covered by unit tests; a script types faster.
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article()
    moderator = make_user("Moderators")
    moderator.set_password("mod-Pw-9!long")
    moderator.save()

    # The reader posts an Arabic comment.
    page.goto(article.get_absolute_url())
    comments = page.locator("#comments")
    expect(comments.locator(".comments-disclaimer")).to_have_text(
        "التعليقات المنشورة تعبر عن آراء أصحابها"
    )
    page.fill("#id_name", "سمير الخوري")
    page.fill("#id_email", "samir@example.org")
    page.fill("#id_body", COMMENT)
    page.check("#id_notify")
    page.screenshot(path=artifacts_dir / "1-reader-form.png", full_page=True)
    page.locator("#comment-form button[type=submit]").click()

    # Back on the story: told it awaits moderation; the comment is not shown.
    expect(page).to_have_url(re.compile(re.escape(article.slug) + "|news/"))
    expect(page.locator(".comments-message")).to_be_visible()
    expect(page.locator(".comment-list")).to_have_count(0)
    assert COMMENT not in page.content()
    page.screenshot(path=artifacts_dir / "2-awaiting-moderation.png", full_page=True)
    assert Comment.objects.get().status == Comment.Status.PENDING

    # The moderator logs in through the admin's login form and approves it in the queue.
    context = browser.new_context(viewport=DESKTOP, locale="ar", base_url=live_server.url)
    context.set_default_timeout(15_000)
    admin = context.new_page()
    admin.goto("/ar/admin/login/?next=/ar/admin/comments/comment/")
    admin.fill("input[name=username]", moderator.username)
    admin.fill("input[name=password]", "mod-Pw-9!long")
    admin.locator("input[type=submit]").click()
    expect(admin).to_have_url(re.compile(r"/admin/comments/comment/"))
    row = admin.locator("#result_list tbody tr", has_text="سمير الخوري")
    expect(row).to_have_count(1)
    admin.screenshot(path=artifacts_dir / "3-moderation-queue.png", full_page=True)
    row.locator('button[formaction$="/moderate/approve/"]').click()
    expect(admin.locator(".messagelist")).to_be_visible()
    admin.screenshot(path=artifacts_dir / "4-approved.png", full_page=True)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    # The comment's own page shows the decision log.
    admin.goto(f"/ar/admin/comments/comment/{comment.pk}/change/")
    expect(admin.locator("#decisions-group")).to_contain_text(moderator.username)
    admin.screenshot(path=artifacts_dir / "5-decision-log.png", full_page=True)
    context.close()

    # The reader reloads: the comment is there, under the disclaimer.
    page.goto(article.get_absolute_url())
    published = page.locator(".comment-list .comment").first
    expect(published).to_contain_text(COMMENT)
    expect(published.locator(".comment-name")).to_have_text("سمير الخوري")
    disclaimer_box = page.locator(".comments-disclaimer").bounding_box()
    comment_box = published.bounding_box()
    assert disclaimer_box["y"] < comment_box["y"]
    expect(page.locator(".comments-message")).to_have_count(0)
    page.locator("#comments").scroll_into_view_if_needed()
    page.screenshot(path=artifacts_dir / "6-published.png", full_page=True)


def test_a_refused_comment_lands_on_the_form_and_its_error(page, artifacts_dir, settings):
    """A long story: the refusal re-renders the page, and the browser shows the form's error."""
    settings.COMMENTS_MIN_SECONDS = 0
    article = make_article(body="<p>" + "فقرة طويلة من الخبر. " * 300 + "</p>")
    Ban.objects.create(target="samir@example.org", reason="spam")
    page.goto(article.get_absolute_url())
    page.fill("#id_name", "سمير الخوري")
    page.fill("#id_email", "samir@example.org")
    page.fill("#id_body", COMMENT)
    page.locator("#comment-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/comments/story/\d+/#comment-form$"))
    expect(page.locator("#comment-form .comment-form-errors")).to_be_in_viewport()
    expect(page.locator("#id_body")).to_have_value(COMMENT)  # nothing lost
    page.screenshot(path=artifacts_dir / "7-refused-on-form-390.png")
