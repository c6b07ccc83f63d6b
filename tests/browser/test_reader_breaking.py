"""The breaking-news banner in real Chromium: it appears, and it goes at its end time."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.factories import make_article

SHOTS = ARTIFACTS / "reader"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("language", "viewport"),
    [("ar", {"width": 390, "height": 844}), ("en", {"width": 1366, "height": 900})],
)
def test_breaking_banner_appears_and_expires(browser, live_server, language, viewport):
    story = make_article(
        language=language,
        headline="Earthquake in the north" if language == "en" else "زلزال في الشمال",
        breaking_until=timezone.now() + timedelta(seconds=6),
    )
    context = browser.new_context(viewport=viewport, locale=language, base_url=live_server.url)
    page = context.new_page()
    page.goto(f"/{language}/")
    banner = page.locator(".breaking")
    expect(banner).to_be_visible()
    expect(banner.locator("a")).to_have_attribute("href", story.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"breaking-{language}-{viewport['width']}.png")
    # The page stays open past the end time: the banner goes without a reload.
    expect(banner).to_have_count(0, timeout=15_000)
    # And a page asked for afterwards does not have it.
    page.goto(f"/{language}/search/")
    expect(page.locator(".breaking")).to_have_count(0)
    context.close()
