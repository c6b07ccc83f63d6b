"""A reader comments on a story page served by Varnish: the form fetches its own tokens."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from tests.browser.conftest import PHONE
from tests.factories import make_article
from tests.test_varnish import get, varnish  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

COMMENT = "قرأت الخبر من نسخة محفوظة، وتعليقي وصل."


def test_a_reader_comments_on_a_page_varnish_served(browser, varnish, artifacts_dir, settings):  # noqa: F811
    settings.COMMENTS_MIN_SECONDS = 0  # a script types faster than a reader
    story = make_article()
    url = varnish + story.get_absolute_url()
    get(url)
    assert get(url)[1]["X-Cache"] == "hit"  # the reader gets the shared copy

    context = browser.new_context(viewport=PHONE, locale="ar")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(url)
    csrf = page.locator('#comment-form input[name="csrfmiddlewaretoken"]')
    expect(csrf).not_to_have_value("")  # filled by static/js/comment-tokens.js
    page.fill("#id_name", "ريما")
    page.fill("#id_email", "rima@example.org")
    page.fill("#id_body", COMMENT)
    page.locator("#comment-form button[type=submit]").click()
    expect(page.locator(".comments-message")).to_be_visible()
    page.screenshot(path=artifacts_dir / "comment-through-varnish.png", full_page=True)
    context.close()
    assert Comment.objects.get(article=story).body == COMMENT
