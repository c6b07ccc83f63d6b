"""A correction in real Chromium: written in the desk, then read at the end of the story and in
its NewsArticle JSON-LD, and listed on the corrections page."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_desk_screens import open_desk
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = ARTIFACTS / "reader"


@pytest.mark.parametrize(
    ("language", "viewport", "headline", "note", "heading"),
    [
        (
            "ar",
            {"width": 390, "height": 844},
            "الحكومة تقر خطة المرفأ يوم الثلاثاء",
            "ورد في نسخة سابقة أن الخطة أقرت يوم الاثنين، والصحيح أنها أقرت يوم الثلاثاء.",
            "تصحيحات",
        ),
        (
            "en",
            {"width": 1366, "height": 900},
            "Cabinet approves the port plan on Tuesday",
            "An earlier version said the plan was approved on Monday. It was Tuesday.",
            "Corrections",
        ),
    ],
    ids=["ar-390", "en-1366"],
)
def test_a_correction_note_appears_on_the_page_and_in_json_ld(
    browser, live_server, language, viewport, headline, note, heading
):
    story = make_article(language=language, headline=headline.replace("Tuesday", "Monday"))
    desk = open_desk(browser, live_server, make_user("Editors"))
    desk.goto(f"/ar/admin/articles/article/{story.pk}/change/")
    desk.fill("#id_headline", headline)
    desk.fill("#id_correction_note", note)
    desk.locator("input[name=_continue]").click()
    expect(desk.locator(".messagelist")).to_be_visible()
    expect(desk.locator(".field-published_corrections")).to_contain_text(note)
    desk.context.close()

    context = browser.new_context(viewport=viewport, locale=language, base_url=live_server.url)
    page = context.new_page()
    page.goto(story.get_absolute_url())
    corrections = page.locator(".story .corrections")
    expect(corrections).to_be_visible()
    expect(corrections.locator("h2")).to_have_text(heading)
    expect(corrections.locator(".correction__text")).to_have_text(note)
    iso = re.compile(r"^\d{4}-\d\d-\d\dT")
    expect(corrections.locator("time")).to_have_attribute("datetime", iso)
    # After the story's text, before the share buttons.
    order = page.evaluate(
        "[...document.querySelectorAll('#story-text, .corrections, .share')]"
        ".map(e => e.className || e.id)"
    )
    assert order == ["story__text", "corrections", "share"]
    data = json.loads(page.locator('script[type="application/ld+json"]').inner_text())
    assert data["headline"] == headline
    [correction] = data["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == note
    assert correction["datePublished"] == corrections.locator("time").get_attribute("datetime")
    SHOTS.mkdir(parents=True, exist_ok=True)
    corrections.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / f"correction-{language}-{viewport['width']}.png")

    page.goto(f"/{language}/corrections/")
    listed = page.locator(".corrections-page .correction")
    expect(listed).to_have_count(1)
    expect(listed.locator("a")).to_have_text(headline)
    expect(listed.locator(".correction__text")).to_have_text(note)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SHOTS / f"corrections-page-{language}-{viewport['width']}.png")
    context.close()
