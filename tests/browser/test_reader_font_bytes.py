"""What the web fonts cost a reader: the woff2 bytes each page downloads, in real Chromium."""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

FONT_BYTES = """() => performance.getEntriesByType('resource')
    .filter(r => r.name.endsWith('.woff2'))
    .map(r => [r.name.split('/').pop(), r.encodedBodySize])"""


@pytest.mark.parametrize(
    ("language", "budget", "preloaded", "family"),
    [
        ("ar", 135_000, "noto-naskh-arabic-arabic-700-normal.woff2", "Noto Naskh Arabic"),
        ("en", 40_000, "noto-serif-latin-700-normal.woff2", "Noto Serif"),
    ],
)
def test_font_bytes_per_page_within_budget(
    browser, live_server, language, budget, preloaded, family
):
    english = {
        "headline": "Port reopens in 2026",
        "standfirst": "Cranes are back on the quays after two years of rebuilding.",
        "body": "<p>The port of Beirut reopened to container ships on Tuesday.</p>",
    }
    story = make_article(
        language=language,
        **(english if language == "en" else {"headline": "المرفأ يعود للعمل في 2026"}),
    )
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto(story.get_absolute_url())
    page.wait_for_function("document.fonts.status === 'loaded'")
    fonts = dict(page.evaluate(FONT_BYTES))
    print(language, fonts, sum(fonts.values()))
    assert preloaded in fonts
    assert page.locator(f'link[rel="preload"][href$="{preloaded}"]').count() == 1
    assert 0 < sum(fonts.values()) <= budget
    # The headline is set in the web font, digits included.
    headline = page.locator("h1").text_content()
    assert page.evaluate(f"t => document.fonts.check('700 24px \"{family}\"', t)", headline)
    # English pages set their text in the Latin face, not Naskh's Latin or a system font.
    used = page.evaluate(
        "() => getComputedStyle(document.querySelector('.story__text')).fontFamily"
    )
    assert used.startswith(f'"{family}"')
    context.close()
