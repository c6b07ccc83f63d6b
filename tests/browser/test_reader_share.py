"""Sharing in real Chromium: the copy button copies the canonical address, within the CSP."""

from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("language", "viewport", "copied"),
    [
        ("ar", {"width": 390, "height": 844}, "نُسخ الرابط"),
        ("en", {"width": 1366, "height": 900}, "Link copied"),
    ],
)
def test_copy_link_copies_the_canonical_address(browser, live_server, language, viewport, copied):
    article = make_article(
        language=language, headline="Port plan" if language == "en" else "خطة المرفأ"
    )
    context = browser.new_context(viewport=viewport, locale=language, base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(article.get_absolute_url() + "?utm_source=newsletter")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert "utm_source" not in canonical
    copy = page.locator("[data-share-copy]")
    expect(copy).to_be_visible()
    copy.click()
    expect(page.locator("[data-share-status]")).to_have_text(copied)
    assert page.evaluate("navigator.clipboard.readText()") == canonical
    whatsapp = page.locator(".share__whatsapp").get_attribute("href")
    assert whatsapp.startswith("https://wa.me/?text=")
    # Every share link carries the canonical address, not the one the reader came by.
    links = page.locator(".share__link")
    expect(links).to_have_count(5)
    for href in [links.nth(n).get_attribute("href") for n in range(5)]:
        assert quote(canonical, safe="") in href, href
    # Nothing refused by the Content-Security-Policy, no third-party request.
    assert not [e for e in errors if "Content Security Policy" in e]
    assert all(
        r.startswith(live_server.url)
        for r in page.evaluate("performance.getEntriesByType('resource').map(r => r.name)")
    )
    context.close()
