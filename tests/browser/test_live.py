"""Live coverage in real Chromium: an editor posts from a phone while a reader's open page
follows, without losing the reader's place; removing and closing as readers see them.

The reader's page runs on Playwright's clock (``page.clock``): polling happens when the test
moves the clock on, so the test waits for conditions, never for time to pass.
"""

import re

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from articles.live import remove_update, save_update
from articles.models import LiveUpdate
from tests.browser.conftest import PHONE
from tests.browser.test_desk_screens import open_desk, overflow
from tests.browser.test_reader_pictures import front_page  # noqa: F401 (fixture)
from tests.factories import make_live_story, make_live_update, make_user

pytestmark = pytest.mark.django_db(transaction=True)

POLL_SECONDS = 20
WIDE = {"width": 1366, "height": 900}
PARAGRAPH = (
    "<p>تواصل لجان الفرز عملها في مراكز الاقتراع في بيروت وسط حضور المندوبين والمراقبين، "
    "فيما تتوالى الأرقام الأولية من الدوائر الانتخابية الخمس عشرة.</p>"
)
#: Counts the page's requests to the updates endpoint, in the page itself.
COUNT_POLLS = """
(() => {
  const fetch = window.fetch;
  window.__polls = 0;
  window.fetch = function (url, options) {
    if (String(url).includes("/updates/")) { window.__polls += 1; }
    return fetch.call(this, url, options);
  };
})();
"""


def post_update(desk, *, title="", body, key_event=False, pinned=False):
    """Post one update from the desk's live page, and check the form is empty again."""
    if title:
        desk.fill("#id_title", title)
    editable = desk.locator(".ck-editor__editable")
    editable.click()
    desk.keyboard.type(body)
    expect(editable).to_contain_text(body)
    if key_event:
        desk.check("input[name=key_event]")
    if pinned:
        desk.check("input[name=pinned]")
    desk.locator(".live-form__submit").click()
    expect(desk.locator(".messagelist")).to_be_visible()
    expect(desk.locator("#id_title")).to_have_value("")
    expect(desk.locator(".ck-editor__editable")).not_to_contain_text(body)
    expect(desk.locator("input[name=key_event]")).not_to_be_checked()
    return LiveUpdate.objects.filter(article__pk=desk_story_pk(desk)).latest("pk")


def desk_story_pk(desk) -> int:
    return int(re.search(r"/article/(\d+)/live/", desk.url).group(1))


@override_settings(NEWSROOM_LIVE_POLL_SECONDS=POLL_SECONDS)
def test_editor_posts_and_an_open_reader_page_follows(browser, live_server, artifacts_dir):
    story = make_live_story(headline="فرز الأصوات في الانتخابات النيابية")
    older = [make_live_update(story, title=f"تحديث {n}", body=PARAGRAPH * 2) for n in range(8)]

    # The reader opens the story and reads an update in the middle of the stream.
    reader_context = browser.new_context(viewport=PHONE, locale="ar", base_url=live_server.url)
    reader_context.add_init_script(COUNT_POLLS)
    reader = reader_context.new_page()
    reader.clock.install()
    reader.goto(story.get_absolute_url())
    expect(reader.locator(".live-status .live-badge")).to_be_visible()
    expect(reader.locator("[data-live]")).to_have_attribute("data-polling", "on")
    reading = reader.locator(f"#update-{older[3].pk}")
    reading.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 100)")
    top_before = reading.evaluate("el => el.getBoundingClientRect().top")
    assert 90 <= top_before <= 110

    # The editor posts three updates from a phone: a key event, a pinned one, an English one.
    editor = make_user("Editors")
    desk = open_desk(browser, live_server, editor, viewport=PHONE)
    desk.goto(f"/ar/admin/articles/article/{story.pk}/live/")
    expect(desk.locator("#live-update-form")).to_be_visible()
    desk.screenshot(path=artifacts_dir / "live-desk-empty-ar-390.png", full_page=True)
    assert overflow(desk) <= 0
    key = post_update(
        desk, title="إعلان النتائج في بيروت الأولى", body="فاز مرشحو اللائحة.", key_event=True
    )
    pinned = post_update(
        desk, title="ما نعرفه حتى الآن", body="نسبة المشاركة 41 بالمئة.", pinned=True
    )
    english = post_update(desk, body="The UN envoy welcomed the calm vote.")
    desk.screenshot(path=artifacts_dir / "live-desk-ar-390.png", full_page=True)
    assert overflow(desk) <= 0

    # The reader's page polls, says three new updates, and inserts them on a tap.
    reader.clock.run_for(POLL_SECONDS * 1000)
    button = reader.locator("[data-live-new]")
    expect(button).to_be_visible()
    expect(reader.locator("[data-live-count]")).to_have_text("3")
    expect(reader.locator(f"#update-{key.pk}")).to_have_count(0)  # not before the tap
    button.click()
    expect(button).to_be_hidden()
    expect(reader.locator(f"#update-{key.pk}")).to_be_visible()
    expect(reader.locator(f"[data-live-pinned] #update-{pinned.pk}")).to_have_count(1)
    expect(reader.locator(f"#update-{english.pk} .live-update__body")).to_have_attribute(
        "dir", "ltr"
    )
    # What the reader was reading has not moved.
    top_after = reading.evaluate("el => el.getBoundingClientRect().top")
    assert abs(top_after - top_before) <= 1, (top_before, top_after)
    reader.screenshot(path=artifacts_dir / "live-reader-ar-390.png")

    # The key events list links to the right anchor.
    link = reader.locator(f"[data-live-key-events] a[href='#update-{key.pk}']")
    expect(link).to_have_count(1)
    link.click()
    expect(reader).to_have_url(re.compile(rf"#update-{key.pk}$"))
    expect(reader.locator(f"#update-{key.pk}")).to_be_in_viewport()
    reader.screenshot(path=artifacts_dir / "live-reader-key-event-ar-390.png")

    # Removing an update: a fresh reader page no longer has it.
    desk.goto(f"/ar/admin/articles/article/{story.pk}/live/{english.pk}/remove/")
    desk.locator("input[type=submit]").click()
    expect(desk.locator(".messagelist")).to_be_visible()
    fresh = reader_context.new_page()
    fresh.goto(story.get_absolute_url())
    expect(fresh.locator(f"#update-{key.pk}")).to_be_visible()
    expect(fresh.locator(f"#update-{english.pk}")).to_have_count(0)
    fresh.close()

    # Closing the story: the open page learns it at its next poll, and stops polling.
    desk.goto(f"/ar/admin/articles/article/{story.pk}/live/")
    desk.locator("button[value=close]").click()
    expect(desk.locator(".messagelist")).to_be_visible()
    reader.clock.run_for(POLL_SECONDS * 1000)
    expect(reader.locator("[data-live]")).to_have_attribute("data-polling", "stopped")
    expect(reader.locator("[data-live-status]")).to_contain_text("انتهت التغطية المباشرة")
    polls = reader.evaluate("window.__polls")
    reader.clock.run_for(POLL_SECONDS * 1000 * 5)
    assert reader.evaluate("window.__polls") == polls
    reader_context.close()
    desk.context.close()


@override_settings(NEWSROOM_LIVE_POLL_SECONDS=POLL_SECONDS)
def test_a_hidden_tab_does_not_poll_and_the_order_choice_is_remembered(browser, live_server):
    story = make_live_story()
    first, second = make_live_update(story), make_live_update(story)
    context = browser.new_context(viewport=PHONE, locale="ar", base_url=live_server.url)
    context.add_init_script(COUNT_POLLS)
    page = context.new_page()
    page.clock.install()
    page.goto(story.get_absolute_url())
    stream = page.locator("[data-live-stream] > [data-update]")
    expect(stream.first).to_have_attribute("id", f"update-{second.pk}")
    page.locator("button[data-order=oldest]").click()
    expect(stream.first).to_have_attribute("id", f"update-{first.pk}")
    page.reload()
    expect(stream.first).to_have_attribute("id", f"update-{first.pk}")
    expect(page.locator("button[data-order=oldest]")).to_have_attribute("aria-pressed", "true")
    # Hidden: no polling however long; visible again: it asks at once.
    page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: true, configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    page.clock.run_for(POLL_SECONDS * 1000 * 5)
    assert page.evaluate("window.__polls") == 0
    third = make_live_update(story)
    page.evaluate(
        "Object.defineProperty(document, 'hidden', {value: false, configurable: true});"
        "document.dispatchEvent(new Event('visibilitychange'))"
    )
    expect(page.locator("[data-live-count]")).to_have_text("1")
    page.locator("[data-live-new]").click()
    expect(stream.last).to_have_attribute("id", f"update-{third.pk}")  # oldest first
    context.close()


@override_settings(NEWSROOM_LIVE_POLL_SECONDS=POLL_SECONDS)
def test_an_open_page_takes_edits_and_removals_in_place(browser, live_server, artifacts_dir):
    story = make_live_story()
    updates = [make_live_update(story, title=f"تحديث {n}", body=PARAGRAPH) for n in range(8)]
    context = browser.new_context(viewport=PHONE, locale="ar", base_url=live_server.url)
    page = context.new_page()
    page.clock.install()
    page.goto(story.get_absolute_url())
    reading = page.locator(f"#update-{updates[2].pk}")  # newest first: below the changes
    reading.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 100)")
    top_before = reading.evaluate("el => el.getBoundingClientRect().top")

    editor = make_user("Editors")
    edited = updates[6]
    edited.body = PARAGRAPH * 3 + "<p>تصحيح: الأرقام بعد فرز الدائرة الثانية.</p>"
    save_update(edited, editor)
    remove_update(updates[5], editor)

    page.clock.run_for(POLL_SECONDS * 1000)
    expect(page.locator(f"#update-{updates[5].pk}")).to_have_count(0)
    expect(page.locator(f"#update-{edited.pk}")).to_contain_text("تصحيح: الأرقام")
    expect(page.locator(f"#update-{edited.pk} .live-update__edited")).to_be_attached()
    expect(page.locator("[data-live-new]")).to_be_hidden()  # nothing new to tap for
    top_after = reading.evaluate("el => el.getBoundingClientRect().top")
    assert abs(top_after - top_before) <= 1, (top_before, top_after)
    page.screenshot(path=artifacts_dir / "live-edited-ar-390.png")
    context.close()


def test_a_shared_link_lands_on_its_update_in_the_readers_order(browser, live_server):
    story = make_live_story()
    updates = [make_live_update(story, body=PARAGRAPH * 3) for _ in range(8)]
    context = browser.new_context(viewport=PHONE, locale="ar", base_url=live_server.url)
    context.add_init_script("localStorage.setItem('newsroom:live-order', 'oldest')")
    page = context.new_page()
    page.goto(f"{story.get_absolute_url()}#update-{updates[-1].pk}")
    stream = page.locator("[data-live-stream] > [data-update]")
    expect(stream.last).to_have_attribute("id", f"update-{updates[-1].pk}")  # oldest first
    expect(page.locator(f"#update-{updates[-1].pk}")).to_be_in_viewport()
    context.close()


def test_a_live_card_with_a_picture_keeps_its_badge_small(
    browser,
    live_server,
    artifacts_dir,
    front_page,  # noqa: F811
):
    from django.utils import timezone

    # Story 1 leads its section's block with a small picture beside its headline.
    story = next(s for s in front_page if s.language == "ar" and s.headline.endswith(" 1"))
    type(story).objects.filter(pk=story.pk).update(live_started_at=timezone.now())
    make_live_update(story, title="إقرار الخطة في مجلس الوزراء", key_event=True)
    context = browser.new_context(viewport=PHONE, locale="ar", base_url=live_server.url)
    page = context.new_page()
    page.goto("/ar/")
    card = page.locator(".card", has=page.locator(".live-badge--card"))
    expect(card).to_have_count(1)
    expect(card).to_have_class(re.compile("card--with-thumb"))
    card.scroll_into_view_if_needed()
    badge = card.locator(".live-badge--card").bounding_box()
    assert badge["width"] < card.bounding_box()["width"] / 3
    expect(card.locator(".card__live-event")).to_contain_text("إقرار الخطة")
    page.screenshot(path=artifacts_dir / "live-card-ar-390.png", full_page=True)
    context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1366"])
def test_live_story_screens(browser, live_server, artifacts_dir, language, viewport):
    english = language == "en"
    story = make_live_story(
        language=language,
        headline="Election count, live" if english else "فرز الأصوات مباشرة",
    )
    make_live_update(
        story,
        title="Polls close" if english else "إقفال صناديق الاقتراع",
        body="<p>Counting has begun in all districts.</p>" if english else PARAGRAPH,
        key_event=True,
    )
    make_live_update(story, body="<p>بيان من وزارة الداخلية حول نسبة المشاركة.</p>")
    make_live_update(
        story,
        title="What we know" if english else "ما نعرفه",
        body="<p>Turnout stood at 41%.</p>" if english else "<p>بلغت نسبة المشاركة 41%.</p>",
        pinned=True,
    )
    context = browser.new_context(viewport=viewport, locale=language, base_url=live_server.url)
    page = context.new_page()
    page.goto(story.get_absolute_url())
    expect(page.locator("[data-live-key-events]")).to_be_visible()
    assert overflow(page) <= 0
    page.screenshot(
        path=artifacts_dir / f"live-story-{language}-{viewport['width']}.png", full_page=True
    )
    page.goto(f"/{language}/")
    expect(page.locator(".live-badge--card").first).to_be_visible()
    page.screenshot(path=artifacts_dir / f"live-home-{language}-{viewport['width']}.png")
    context.close()


@pytest.mark.parametrize("language", ["ar", "en"])
def test_live_desk_screens(browser, live_server, artifacts_dir, language):
    headline = "Election count, live" if language == "en" else "فرز الأصوات مباشرة"
    story = make_live_story(language=language, headline=headline)
    make_live_update(story, title="إقفال الصناديق", key_event=True, body=PARAGRAPH)
    make_live_update(story, body="<p>The envoy arrived.</p>", pinned=True)
    editor = make_user("Editors")
    remove_update(make_live_update(story, title="خطأ في الأرقام"), editor)
    desk = open_desk(browser, live_server, editor, viewport=WIDE)
    for label, size in (("1366", WIDE), ("390", PHONE)):
        desk.set_viewport_size(size)
        desk.goto(f"/{language}/admin/articles/article/{story.pk}/live/")
        desk.locator("#removed-updates summary").click()
        expect(desk.locator("#removed-updates")).to_contain_text("خطأ في الأرقام")
        editable = desk.locator("#live-update-form .ck-editor__editable")
        expect(editable).to_be_visible()
        expect(editable).to_have_attribute("dir", "ltr" if language == "en" else "rtl")
        assert overflow(desk) <= 0, label
        desk.screenshot(path=artifacts_dir / f"live-desk-{language}-{label}.png", full_page=True)
    desk.context.close()


def direction(page, selector: str) -> str:
    return page.locator(selector).first.evaluate("el => getComputedStyle(el).direction")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_labels_follow_the_page_and_an_update_s_words_follow_its_text(
    browser, live_server, artifacts_dir, language
):
    """An update in the other script reads in its own direction, while the time, flags and
    the desk's Edit/Remove links stay in the page's; quotes and counters use logical sides."""
    page_dir, other_dir = ("ltr", "rtl") if language == "en" else ("rtl", "ltr")
    story = make_live_story(language="ar")
    other = (
        {"title": "إقفال الصناديق", "body": "<p>بدأ الفرز في كل الدوائر.</p>"}
        if language == "en"
        else {"title": "Polls close", "body": "<p>Counting has begun in all districts.</p>"}
    )
    update = make_live_update(story, key_event=True, **other)
    assert update.direction == other_dir
    desk = open_desk(browser, live_server, make_user("Editors"), viewport=PHONE)
    desk.goto(f"/{language}/admin/articles/article/{story.pk}/live/")
    block = f"#desk-update-{update.pk}"
    assert direction(desk, f"{block} .live-desk__meta") == page_dir
    assert direction(desk, f"{block} .live-desk__actions") == page_dir
    assert direction(desk, f"{block} h3") == update.direction
    assert direction(desk, f"{block} .live-desk__body") == update.direction
    # CKEditor's two counters with a gap between them, in either language.
    counts = desk.locator("#live-update-form .ck-word-count > div")
    expect(counts).to_have_count(2)
    words, chars = (counts.nth(i).bounding_box() for i in range(2))
    gap = (
        words["x"] - (chars["x"] + chars["width"])
        if page_dir == "rtl"
        else chars["x"] - (words["x"] + words["width"])
    )
    assert gap >= 8 or chars["y"] > words["y"] + 4, (words, chars)
    desk.screenshot(path=artifacts_dir / f"live-desk-direction-{language}-390.png", full_page=True)

    desk.locator(f"{block} .deletelink").click()
    quote = desk.locator("#content-main blockquote")
    expect(quote).to_be_visible()
    sides = quote.evaluate(
        "el => { const s = getComputedStyle(el); return [s.borderLeftWidth, s.borderRightWidth]; }"
    )
    start, end = (sides[1], sides[0]) if page_dir == "rtl" else sides
    assert start != "0px" and end == "0px", sides
    desk.screenshot(path=artifacts_dir / f"live-remove-{language}-390.png", full_page=True)

    desk.goto(story.get_absolute_url())
    reader = f"#update-{update.pk}"
    assert direction(desk, f"{reader} .live-update__meta") == "rtl"  # the Arabic story's page
    assert direction(desk, f"{reader} .live-update__title") == update.direction
    assert direction(desk, f"{reader} .live-update__body") == update.direction
    desk.locator(reader).screenshot(path=artifacts_dir / f"live-update-{language}-390.png")
    desk.context.close()
