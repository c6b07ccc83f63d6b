"""Front-page pictures in real Chromium: they load, and nothing moves (CLS 0)."""

import mimetypes
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.browser.conftest import ARTIFACTS
from tests.factories import make_article, make_section
from tests.test_reader_validators import with_picture

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 900}
SHOTS = ARTIFACTS / "reader"

# Every layout shift since navigation, as the Layout Instability API reports it.
CLS = """() => new Promise(resolve => {
    let total = 0;
    new PerformanceObserver(list => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
    }).observe({type: 'layout-shift', buffered: true});
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""
IMAGES_LOADED = """() => [...document.images].filter(i => i.loading !== 'lazy')
    .every(i => i.complete && i.naturalWidth > 0)"""


def without_web_fonts(context):
    """Measure the pictures alone (exactly 0): the fonts' own share, a fraction of a pixel
    where a fallback word is not quite the web font's width, is measured with the fonts held
    back until after the first paint in tests/browser/test_reader_font_shift.py."""
    context.route("**/*.woff2", lambda route: route.abort())


def serve_media(context):
    """The test server does not serve uploads (DEBUG is off); the browser reads them here."""

    def handle(route):
        path = Path(settings.MEDIA_ROOT) / route.request.url.split("/media/", 1)[1]
        if not path.is_file():
            return route.fulfill(status=404)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return route.fulfill(status=200, body=path.read_bytes(), content_type=content_type)

    context.route("**/media/**", handle)


@pytest.fixture
def front_page():
    now = timezone.now()
    sections = [
        make_section(name_ar=ar, name_en=en, slug=en.lower())
        for ar, en in (("سياسة", "Politics"), ("اقتصاد", "Economy"), ("ثقافة", "Culture"))
    ]
    stories = []
    for n in range(9):
        for language in ("ar", "en"):
            headline = (
                f"الحكومة تقر خطة لإعادة إعمار المرفأ خلال عامين {n}"
                if language == "ar"
                else f"Cabinet approves a two-year plan to rebuild the port {n}"
            )
            story = make_article(
                language=language,
                headline=headline,
                section=sections[n % 3],
                published_at=now - timedelta(hours=n + 1),
                lead_image_alt="رافعات في المرفأ" if language == "ar" else "Cranes at the port",
            )
            # Every third story has no picture: its card must lay out cleanly too.
            if n % 3 != 2:
                with_picture(story, 1600, 900 if n % 2 else 1067)
            stories.append(story)
    return stories


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1366"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_front_page_pictures_load_without_layout_shift(
    browser, live_server, front_page, viewport, language
):
    context = browser.new_context(viewport=viewport, locale=language, base_url=live_server.url)
    serve_media(context)
    without_web_fonts(context)
    page = context.new_page()
    page.goto(f"/{language}/")
    page.wait_for_function(IMAGES_LOADED)
    lead = page.locator(".lead-story img")
    assert lead.evaluate("i => i.naturalWidth") > 0
    assert lead.get_attribute("fetchpriority") == "high"
    # Scroll through the page so the lazy pictures load, then measure every shift.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert page.evaluate(CLS) == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1366"])
def test_section_listing_and_story_pictures_do_not_shift(
    browser, live_server, front_page, viewport
):
    context = browser.new_context(viewport=viewport, locale="ar", base_url=live_server.url)
    serve_media(context)
    without_web_fonts(context)
    page = context.new_page()
    page.goto("/ar/section/politics/")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    assert page.locator(".card--with-thumb img").count() == 3
    assert page.evaluate(CLS) == 0
    for story in (front_page[0], front_page[1]):
        page.goto(story.get_absolute_url())
        page.wait_for_function(IMAGES_LOADED)
        assert page.evaluate(CLS) == 0
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, WIDE], ids=["390", "1366"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_screenshots(browser, live_server, front_page, viewport, language):
    """Home, section and story with their pictures and fonts, for a person to look at."""
    context = browser.new_context(viewport=viewport, locale=language, base_url=live_server.url)
    serve_media(context)
    page = context.new_page()
    story = next(s for s in front_page if s.language == language)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in (
        ("home", f"/{language}/"),
        ("section", f"/{language}/section/politics/"),
        ("story", story.get_absolute_url()),
    ):
        page.goto(path)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_function(
            "document.fonts.status === 'loaded' && "
            "[...document.images].every(i => i.complete && i.naturalWidth > 0)"
        )
        page.evaluate("window.scrollTo(0, 0)")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=SHOTS / f"{name}-{language}-{viewport['width']}.png", full_page=True)
    context.close()
