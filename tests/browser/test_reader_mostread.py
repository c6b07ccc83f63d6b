"""Most read in real Chromium: reading stories sends beacons, and the list then shows them."""

import os
import time

import pytest
import redis
from django.core.cache import cache
from django.test import override_settings
from playwright.sync_api import expect

from articles import mostread
from newsroom.cache import fragments
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@pytest.mark.skipif(not REDIS_TEST_URL, reason="REDIS_TEST_URL is not set")
@pytest.mark.parametrize(
    ("language", "viewport", "title"),
    [
        ("ar", {"width": 390, "height": 844}, "الأكثر قراءة"),
        ("en", {"width": 1366, "height": 900}, "Most read"),
    ],
)
def test_most_read_appears_after_beacons(browser, live_server, language, viewport, title):
    client = redis.Redis.from_url(REDIS_TEST_URL)
    for key in client.scan_iter("mostread:*"):
        client.delete(key)
    stories = [
        make_article(language=language, headline=f"{'Story' if language == 'en' else 'خبر'} {n}")
        for n in range(3)
    ]
    with override_settings(NEWSROOM_MOST_READ_REDIS_URL=REDIS_TEST_URL):
        context = browser.new_context(viewport=viewport, locale=language, base_url=live_server.url)
        page = context.new_page()
        page.goto(f"/{language}/")
        expect(page.locator("#most-read")).to_have_count(0)
        for story in (stories[2], stories[2], stories[0]):
            page.goto(story.get_absolute_url())
            page.wait_for_load_state("load")
        wait_for(lambda: mostread.most_read_ids(language) == [stories[2].pk, stories[0].pk])
        # The lists are kept for a minute, like the cached pages that show them; a new
        # reader (no HTTP cache) then sees them. A minute later, every cached page and kept
        # fragment has expired:
        cache.clear()
        fragments.clear()
        context.close()
        context = browser.new_context(viewport=viewport, locale=language, base_url=live_server.url)
        page = context.new_page()

        def shown() -> bool:
            page.goto(f"/{language}/")
            return page.locator("#most-read").count() == 1

        wait_for(shown)
        expect(page.locator("#most-read")).to_have_text(title)
        items = page.locator("[aria-labelledby='most-read'] li")
        expect(items).to_have_text([stories[2].headline, stories[0].headline])
        assert all(c["name"] != "sessionid" for c in page.context.cookies())
        context.close()
    for key in client.scan_iter("mostread:*"):
        client.delete(key)
