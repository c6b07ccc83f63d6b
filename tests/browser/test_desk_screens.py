"""The Arabic desk in real Chromium: tags typed with «،», a readable history, screens that fit.

Screenshots of the story form, its history, the moderation queue and the story list, at
1366 px and 390 px, land in ``test-results/browser/<test>/``.
"""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Article, Tag
from comments.models import Comment
from tests.factories import make_article, make_comment, make_section, make_user

pytestmark = pytest.mark.django_db(transaction=True)

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PASSWORD = "pw-Xy7!secret"


def open_desk(browser, live_server, user, viewport=WIDE):
    context = browser.new_context(viewport=viewport, locale="ar", base_url=live_server.url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/ar/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/ar/admin/$"))
    return page


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the window (0: no horizontal scroll)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def table_overflow(page) -> int:
    """How far the result table scrolls sideways inside its box (0: it fits)."""
    return page.evaluate(
        "(() => { const box = document.querySelector('#changelist .results');"
        " return box.scrollWidth - box.clientWidth; })()"
    )


def shoot(page, artifacts_dir, name):
    for label, size in (("1366", WIDE), ("390", PHONE)):
        page.set_viewport_size(size)
        page.screenshot(path=artifacts_dir / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(WIDE)


def test_tags_typed_with_the_arabic_comma_become_the_intended_tags(
    browser, live_server, artifacts_dir
):
    make_section(name_ar="رياضة", slug="sport")
    Tag.objects.create(name="لبنان")
    page = open_desk(browser, live_server, make_user("Editors"))
    page.goto("/ar/admin/articles/article/add/")
    page.fill("#id_headline", "الحكمة يفوز بكأس لبنان لكرة السلة")
    page.locator("#id_section").locator("xpath=following-sibling::span[1]").click()
    page.locator(".select2-container--open .select2-search__field").fill("رياضة")
    page.locator(".select2-results__option", has_text="رياضة").click()

    tags = page.locator("#id_tags")
    tags.press_sequentially("كرة السلة، بيروت، لبن")
    suggestion = page.locator("#id_tags_suggestions li", has_text="لبنان")
    expect(suggestion).to_be_visible()
    # The list opens under its box, not beside it.
    box, listed = tags.bounding_box(), page.locator("#id_tags_suggestions").bounding_box()
    assert listed["y"] >= box["y"] + box["height"] - 1
    suggestion.click()
    expect(tags).to_have_value("كرة السلة، بيروت، لبنان، ")
    shoot(page, artifacts_dir, "story-form")

    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    story = Article.objects.get()
    assert sorted(story.tags.names()) == ["بيروت", "كرة السلة", "لبنان"]


def test_history_of_a_story_edited_twice_reads_as_arabic_words(browser, live_server, artifacts_dir):
    story = make_article(
        headline="الحكومة تقر الموازنة",
        body="<p>أقرت الحكومة مشروع الموازنة العامة في جلسة مسائية.</p>",
        status=Article.Status.DRAFT,
    )
    page = open_desk(browser, live_server, make_user("Editors"))
    change = f"/ar/admin/articles/article/{story.pk}/change/"
    for headline in ("الحكومة تقر موازنة 2027", "مجلس الوزراء يقر موازنة 2027"):
        page.goto(change)
        page.fill("#id_headline", headline)
        page.locator("input[name=_continue]").click()
        expect(page.locator(".messagelist")).to_be_visible()

    page.goto(f"/ar/admin/articles/article/{story.pk}/history/")
    table = page.locator("#change-history")
    expect(table.locator("thead")).to_contain_text("المعدِّل")
    latest = table.locator("tbody tr").first
    expect(latest.locator("del")).to_have_text("الحكومة تقر")
    expect(latest.locator("ins")).to_have_text("مجلس الوزراء يقر")
    expect(latest.locator(".history-diff")).to_have_attribute("dir", "rtl")
    expect(latest).to_contain_text("(بيروت)")
    assert "Date/time" not in table.inner_text()
    assert overflow(page) == 0
    shoot(page, artifacts_dir, "history")


def test_moderation_queue_and_story_list_fit_at_1366(browser, live_server, artifacts_dir):
    long_text = " ".join(["تعليق طويل جدا من قارئ غاضب يشرح رأيه في الموازنة"] * 12)
    for n in range(6):
        story = make_article(headline=f"خبر طويل العنوان عن جلسة مجلس النواب رقم {n} في بيروت")
        make_comment(story, body=long_text, status=Comment.Status.PENDING)
    moderator = make_user("Moderators")
    page = open_desk(browser, live_server, moderator)
    page.goto("/ar/admin/comments/comment/")
    expect(page.locator("#result_list tbody tr")).to_have_count(6)
    assert overflow(page) == 0
    assert table_overflow(page) == 0
    # The comment reads in a wide column; no red cross for "not picked" on every row.
    column = page.locator("#result_list .field-excerpt_col").first.bounding_box()
    assert column["width"] >= 220  # some 35 Arabic letters a line, not a word or two
    assert page.locator("#result_list img[src*='icon-no']").count() == 0
    shoot(page, artifacts_dir, "queue")

    page = open_desk(browser, live_server, make_user("Editors"))
    for language in ("ar", "en"):
        page.goto(f"/{language}/admin/articles/article/")
        expect(page.locator("#result_list tbody tr")).to_have_count(6)
        assert overflow(page) == 0, language
        assert table_overflow(page) == 0, language
        if language == "ar":
            shoot(page, artifacts_dir, "story-list")
