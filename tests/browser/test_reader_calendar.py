"""The reader's Hijri date and digits, chosen in the browser: remembered, and the page the
server sends stays the same bytes for everyone."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

# 23 March 2023, 12:00 in Beirut: 1 Ramadan 1444 in the Umm al-Qura calendar.
PUBLISHED = datetime(2023, 3, 23, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "viewport", "hijri", "dateline"),
    [
        ("ar", {"width": 390, "height": 844}, "١ رمضان ١٤٤٤ هـ", "٢٠٢٣/٠٣/٢٣"),
        ("en", {"width": 1366, "height": 900}, "1 Ramadan 1444 AH", "2023"),
    ],
)
def test_hijri_and_digits_survive_a_reload_and_the_html_is_unchanged(
    browser, live_server, language, viewport, hijri, dateline
):
    story = make_article(language=language, headline="Port" if language == "en" else "المرفأ")
    Article.objects.filter(pk=story.pk).update(published_at=PUBLISHED, updated_at=PUBLISHED)
    context = browser.new_context(viewport=viewport, locale=language, base_url=live_server.url)
    page = context.new_page()
    url = story.get_absolute_url()
    before = page.request.get(url).body()
    page.goto(url)
    prefs = page.locator("[data-reader-prefs]")
    expect(prefs).to_be_visible()
    expect(page.locator("[data-hijri]")).to_have_count(0)
    prefs.locator("[data-pref='calendar']").select_option("hijri")
    prefs.locator("[data-pref='digits']").select_option("eastern")
    dates = page.locator(".story__dateline")
    expect(dates).to_contain_text(dateline)
    expect(page.locator(".story__dates [data-hijri]").first).to_contain_text(hijri)
    page.reload()
    expect(page.locator("[data-pref='calendar']")).to_have_value("hijri")
    expect(page.locator("[data-pref='digits']")).to_have_value("eastern")
    expect(dates).to_contain_text(dateline)
    expect(page.locator(".story__dates [data-hijri]").first).to_contain_text(hijri)
    # The server's page is byte for byte what it was: the choice lives in this browser only.
    assert page.request.get(url).body() == before
    # And back to the site's default.
    page.locator("[data-pref='calendar']").select_option("gregorian")
    page.locator("[data-pref='digits']").select_option("western")
    expect(page.locator("[data-hijri]")).to_have_count(0)
    expect(dates).to_contain_text("2023")
    context.close()
